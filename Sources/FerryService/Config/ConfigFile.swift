internal import FerryCrypto
#if canImport(Glibc)
internal import Glibc
#endif

/// Reads whole small files (the config, secret files) into byte arrays the caller can wipe.
///
/// Not Foundation's `Data(contentsOf:)`: its buffer cannot be wiped by the caller.
enum ConfigFile {
    /// Why a file could not be read: the system's words for errno, or a size problem.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        /// The file (or a directory on its path) does not exist.
        let isMissing: Bool
    }

    /// The file's bytes, at most `limit` of them.
    static func contents(of path: String, limit: Int) -> Result<[UInt8], Failure> {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { return .failure(systemFailure(errno)) }
        defer { close(descriptor) }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        defer { secureWipe(&chunk) }
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let failure = systemFailure(errno)
                secureWipe(&bytes)
                return .failure(failure)
            }
            if count == 0 { break }
            guard bytes.count + count <= limit else {
                secureWipe(&bytes)
                return .failure(Failure(description: "larger than \(limit) bytes", isMissing: false))
            }
            // Grow by copying into a fresh, wipeable array so no unwiped old buffer is left behind.
            if bytes.capacity < bytes.count + count {
                var grown: [UInt8] = []
                grown.reserveCapacity(max(bytes.count * 2, bytes.count + count))
                grown.append(contentsOf: bytes)
                secureWipe(&bytes)
                bytes = grown
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return .success(bytes)
    }

    private static func systemFailure(_ code: Int32) -> Failure {
        Failure(description: String(cString: strerror(code)), isMissing: code == ENOENT || code == ENOTDIR)
    }
}
