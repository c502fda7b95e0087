import Testing
import Attention
@testable import AttentionFormats

/// The one RFC 4180 reader behind CSV/TSV tables and text heat `token,weight` rows.
@Suite struct DelimitedRecordsTests {
    static func fields(_ text: String, _ separator: Character = ",", quoting: Bool = true) throws -> [[String]] {
        try DelimitedRecords.parse(text, separator: separator, quoting: quoting).map(\.fields)
    }

    @Test func quotesDoubledQuotesAndSeparatorsInsideQuotes() throws {
        #expect(try Self.fields("a,\"b,c\",\"say \"\"hi\"\"\"\n") == [["a", "b,c", "say \"hi\""]])
        #expect(try Self.fields("\"\",x\n") == [["", "x"]])
        // A quote inside an unquoted field is an ordinary character.
        #expect(try Self.fields("a\"b,c\n") == [["a\"b", "c"]])
    }

    @Test func lineEndingsAndByteOrderMark() throws {
        #expect(try Self.fields("\u{FEFF}a,b\r\nc,d\re,f\ng,h") == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(try Self.fields("a,b\n\nc,d\n") == [["a", "b"], [""], ["c", "d"]])
    }

    @Test func quotedFieldsSpanLinesAndRecordsKeepTheirFirstLine() throws {
        let records = try DelimitedRecords.parse("x,\"one\r\ntwo\nthree\"\ny,1\n", separator: ",")
        #expect(records.map(\.fields) == [["x", "one\r\ntwo\nthree"], ["y", "1"]])
        #expect(records.map(\.line) == [1, 4])
    }

    @Test func tabsWithoutQuoting() throws {
        #expect(try Self.fields("\"a\"\tb\n", "\t", quoting: false) == [["\"a\"", "b"]])
        #expect(try Self.fields("\"a\tb\"\tc\n", "\t") == [["a\tb", "c"]])
    }

    @Test func unterminatedQuoteAndFieldLimitAreErrors() throws {
        #expect(throws: DelimitedRecords.Failure.unterminatedQuote(line: 2)) { try DelimitedRecords.parse("a,b\nc,\"d\ne\n", separator: ",") }
        #expect(throws: DelimitedRecords.Failure.tooManyFields(limit: 3, line: 2)) {
            try DelimitedRecords.parse("a,b\nc,d\n", separator: ",", fieldLimit: 3)
        }
    }

    @Test func tableErrorsNameTheLineARecordStartsOn() throws {
        let table = ",a,b\n\"two\nlines\",0.5,0.5\nz,1\n"
        #expect(throws: FormatError.ragged(path: "t.csv", detail: "ragged rows: line 4 has 2 cells, the header has 3")) {
            try DelimitedText.parse(table, separator: ",", path: "t.csv")
        }
        let data = try DelimitedText.parse(",a,b\n\"two\nlines\",0.5,0.5\n", separator: ",", path: "t.csv")
        #expect(data.queryTokens == ["two\nlines"])
    }
}
