/// The type of a JSON value (RFC 8259 §3).
public enum JSONKind: Sendable {
    case object, array, string, number, bool, null
}

/// A handle on one value inside a `JSONIndex`; meaningful only with the index that made it.
public struct JSONValueRef: Hashable, Sendable {
    let token: Int
}

/// A validated index over one JSON text (RFC 8259), referencing the caller's bytes by offset.
///
/// `init` validates the whole text and records one token per value (and per object key)
/// in document order, so the value after a token is found by skipping its subtree.
/// The index never keeps the bytes: readers take them again, and return `nil` when
/// handed a buffer whose length differs from the indexed one.
///
/// Objects may repeat a key (RFC 8259 §4 leaves the behaviour to the implementation):
/// the index accepts them, and `lookup` and `member(_:of:in:)` return the first match.
public struct JSONIndex: Sendable {
    /// One value or object key: its kind, its bytes, and the size of its subtree.
    struct Token: Sendable {
        /// Offset of the first byte of the value (the quote, for strings).
        var start: UInt32
        /// Offset one past the last byte of the value.
        var end: UInt32
        /// Tokens in this value's subtree, itself included: the next sibling is at `index + span`.
        var span: UInt32
        /// Members of an object or elements of an array; 0 for scalars.
        var count: UInt32
        var kind: JSONKind
        /// Strings: the body holds a backslash. Numbers: a fraction or an exponent.
        var flag: Bool
    }

    let tokens: TokenStorage
    /// Length of the indexed text, checked by every reader that takes the bytes back.
    let byteCount: Int

    /// The top-level value.
    public var root: JSONValueRef { JSONValueRef(token: 0) }

    /// The type of `ref`.
    public func kind(of ref: JSONValueRef) -> JSONKind {
        tokens[ref.token].kind
    }

    /// The raw bytes of `ref` in the indexed text (strings include their quotes).
    public func range(of ref: JSONValueRef) -> Range<Int> {
        let token = tokens[ref.token]
        return Int(token.start)..<Int(token.end)
    }

    /// Members of an object or elements of an array; 0 for scalars.
    public func count(of ref: JSONValueRef) -> Int {
        Int(tokens[ref.token].count)
    }

    /// The key/value pairs of an object in document order; empty for any other kind.
    public func members(of ref: JSONValueRef) -> Members {
        let token = tokens[ref.token]
        let remaining = token.kind == .object ? Int(token.count) : 0
        return Members(tokens: tokens, cursor: ref.token + 1, remaining: remaining)
    }

    /// The elements of an array in document order; empty for any other kind.
    public func elements(of ref: JSONValueRef) -> Elements {
        let token = tokens[ref.token]
        let remaining = token.kind == .array ? Int(token.count) : 0
        return Elements(tokens: tokens, cursor: ref.token + 1, remaining: remaining)
    }

    /// The first member of object `ref` whose key equals `name`; nil if none or not an object.
    public func member(_ name: String, of ref: JSONValueRef, in bytes: UnsafeRawBufferPointer) -> JSONValueRef? {
        guard bytes.count == byteCount else { return nil }
        var name = name
        return name.withUTF8 { key in
            member(key, of: ref.token, in: bytes).map { JSONValueRef(token: $0) }
        }
    }

    /// Element `position` of array `ref`; nil if out of bounds or not an array.
    public func element(_ position: Int, of ref: JSONValueRef) -> JSONValueRef? {
        element(position, of: ref.token).map { JSONValueRef(token: $0) }
    }

    func element(_ position: Int, of container: Int) -> Int? {
        let token = tokens[container]
        guard token.kind == .array, position >= 0, position < Int(token.count) else { return nil }
        var child = container + 1
        for _ in 0..<position {
            child += Int(tokens[child].span)
        }
        return child
    }

    func member(_ key: UnsafeBufferPointer<UInt8>, of container: Int, in bytes: UnsafeRawBufferPointer) -> Int? {
        let token = tokens[container]
        guard token.kind == .object else { return nil }
        var child = container + 1
        for _ in 0..<Int(token.count) {
            if keyEquals(child, key, in: bytes) { return child + 1 }
            child += 1 + Int(tokens[child + 1].span)
        }
        return nil
    }

    /// Compares a key token with UTF-8 bytes; escaped keys are unescaped first (rare).
    func keyEquals(_ keyToken: Int, _ key: UnsafeBufferPointer<UInt8>, in bytes: UnsafeRawBufferPointer) -> Bool {
        let token = tokens[keyToken]
        let bodyStart = Int(token.start) + 1, bodyEnd = Int(token.end) - 1
        if !token.flag {
            guard bodyEnd - bodyStart == key.count else { return false }
            for i in 0..<key.count where bytes[bodyStart + i] != key[i] {
                return false
            }
            return true
        }
        var valid = true
        let unescaped = [UInt8](unsafeUninitializedCapacity: bodyEnd - bodyStart) { out, written in
            let count = JSONIndex.unescape(bytes, from: bodyStart, to: bodyEnd, into: out)
            valid = count != nil
            written = count ?? 0
        }
        return valid && unescaped.elementsEqual(key)
    }

    /// Iterates over an object's members as (key, value) references.
    public struct Members: Sequence, IteratorProtocol, Sendable {
        let tokens: TokenStorage
        var cursor: Int
        var remaining: Int

        public mutating func next() -> (key: JSONValueRef, value: JSONValueRef)? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let key = cursor, value = cursor + 1
            cursor = value + Int(tokens[value].span)
            return (JSONValueRef(token: key), JSONValueRef(token: value))
        }
    }

    /// Iterates over an array's elements.
    public struct Elements: Sequence, IteratorProtocol, Sendable {
        let tokens: TokenStorage
        var cursor: Int
        var remaining: Int

        public mutating func next() -> JSONValueRef? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let element = cursor
            cursor += Int(tokens[element].span)
            return JSONValueRef(token: element)
        }
    }
}
