// Token storage: the scanner appends to a plain growable buffer (no Array uniqueness checks
// per token), then hands it to an immutable, reference-counted owner shared by index copies.

extension JSONIndex {
    /// The scanner's growable token buffer; owned by the caller until `freeze()`.
    struct TokenBuffer {
        private(set) var base: UnsafeMutablePointer<Token>
        private(set) var count = 0
        private var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 4)
            base = .allocate(capacity: self.capacity)
        }

        @inline(__always)
        mutating func append(_ token: Token) {
            if count == capacity { grow() }
            (base + count).initialize(to: token)
            count += 1
        }

        @inline(__always)
        subscript(position: Int) -> Token {
            get { base[position] }
            nonmutating set { base[position] = newValue }
        }

        private mutating func grow() {
            let bigger = UnsafeMutablePointer<Token>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }

        /// Frees the buffer after a failed scan.
        func discard() {
            base.deallocate()
        }

        /// Transfers ownership to an immutable storage object.
        func freeze() -> TokenStorage {
            TokenStorage(base: base, count: count)
        }
    }

    /// The finished tokens of one index: immutable after the scan, so sharing them is safe.
    final class TokenStorage: @unchecked Sendable {
        private let base: UnsafeMutablePointer<Token>
        let count: Int

        fileprivate init(base: UnsafeMutablePointer<Token>, count: Int) {
            self.base = base
            self.count = count
        }

        deinit {
            base.deallocate()
        }

        /// Bounds-checked: a reference from another index must trap, not read stray memory.
        @inline(__always)
        subscript(position: Int) -> Token {
            precondition(position >= 0 && position < count, "JSONValueRef used with another JSONIndex")
            return base[position]
        }
    }
}
