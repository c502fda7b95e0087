/// A parsed JSON value whose objects keep their keys in file order (and keep duplicates),
/// which the note's dict-of-dicts needs: Foundation's `JSONSerialization` returns unordered
/// dictionaries.
///
/// ```swift
/// let value = try JSONParser.parse(#"{"b": 1, "a": [2, 3]}"#)
/// value.objectMembers?.map(\.key)     // ["b", "a"]
/// ```
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number; also `NaN`, `Infinity` and `-Infinity` as Python's `json` writes them.
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in file order.
    case object([JSONMember])

    /// The members of an object, or `nil`.
    public var objectMembers: [JSONMember]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array, or `nil`.
    public var arrayElements: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The number, or `nil`.
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The string, or `nil`.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The first member named `key` of an object.
    public subscript(key: String) -> JSONValue? {
        objectMembers?.first { $0.key == key }?.value
    }

    /// A short name of the kind of value, for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// One `"key": value` pair of a JSON object.
///
/// ```swift
/// let member = JSONMember(key: "武", value: .number(0.1))
/// ```
public struct JSONMember: Sendable, Equatable {
    /// The key, unescaped.
    public var key: String
    /// The value.
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
