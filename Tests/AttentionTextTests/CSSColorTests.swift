import Testing
@testable import AttentionText

struct CSSColorTests {
    @Test func parsesCSSForms() throws {
        #expect(try CSSColor("red").rgb == RGB(red: 255, green: 0, blue: 0))
        #expect(try CSSColor("RebeccaPurple").rgb.hex == "#663399")
        #expect(try CSSColor("#f00").rgb.hex == "#ff0000")
        #expect(try CSSColor("#1f77b4").rgb.hex == "#1f77b4")
        #expect(abs(try CSSColor("#ff000080").alpha - 128.0 / 255) < 1e-9)
        #expect(try CSSColor("rgb(255, 128, 0)").rgb.hex == "#ff8000")
        #expect(try CSSColor("rgba(0 0 255 / 50%)").alpha == 0.5)
        #expect(try CSSColor("rgb(100%, 0%, 0%)").rgb.hex == "#ff0000")
        #expect(try CSSColor("hsl(120, 100%, 25%)").rgb.hex == "#008000")
        #expect(try CSSColor("hsl(240deg 100% 50%)").rgb.hex == "#0000ff")
    }

    @Test func rejectsNonsense() {
        for bad in ["", "nope", "#12", "#ggg", "rgb(1,2)", "rgb(a,b,c)", "url(x)", "red; background: url(evil)"] {
            #expect(throws: RenderError.self) { try CSSColor(bad) }
        }
    }

    @Test func paintOverWhite() throws {
        #expect(HeatPaint.note.color(at: 0) == .white)
        #expect(HeatPaint.note.color(at: 1) == RGB(red: 255, green: 0, blue: 0))
        #expect(HeatPaint.note.color(at: 0.5) == RGB(red: 255, green: 128, blue: 128))
        #expect(HeatPaint.note.css(at: 0.7267759563) == "rgba(255,0,0,0.7267759563)")
        #expect(HeatPaint.note.css(at: 2.7755575615628904e-16) == "rgba(255,0,0,0)")
        #expect(HeatPaint.tint(try CSSColor("rgba(0,0,255,0.5)")).css(at: 1) == "rgba(0,0,255,0.5)")
    }
}
