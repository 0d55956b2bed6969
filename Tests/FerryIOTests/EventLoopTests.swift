import FerryIO
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs one loop on its own thread for the duration of a test.
final class RunningLoop: Sendable {
    let group: EventLoopGroup
    var loop: EventLoop { group.loops[0] }

    init() throws {
        group = try EventLoopGroup(loopCount: 1)
        group.start()
    }

    func stop() {
        group.stop()
        group.waitUntilStopped()
    }
}

@Suite struct EventLoopTests {
    @Test func executeRunsTasksOnTheLoopThreadInOrder() async throws {
        let running = try RunningLoop()
        defer { running.stop() }
        let seen = Mutex<[Int]>([])
        let loop = running.loop
        for i in 0..<100 {
            loop.execute {
                precondition(loop.inEventLoop)
                seen.withLock { $0.append(i) }
            }
        }
        let result = loop.executeAndWait { seen.withLock { $0 } }
        #expect(result == Array(0..<100))
        #expect(!loop.inEventLoop)
    }

    @Test func timersFireInDeadlineOrderAndCancelledOnesDoNot() throws {
        let running = try RunningLoop()
        defer { running.stop() }
        let loop = running.loop
        let fired = Mutex<[String]>([])
        let done = Mutex<Bool>(false)
        loop.executeAndWait {
            loop.schedule(after: .milliseconds(30)) { fired.withLock { $0.append("30ms") } }
            loop.schedule(after: .milliseconds(10)) { fired.withLock { $0.append("10ms") } }
            let cancelled = loop.schedule(after: .milliseconds(20)) { fired.withLock { $0.append("cancelled") } }
            loop.cancel(cancelled)
            loop.schedule(after: .milliseconds(60)) { done.withLock { $0 = true } }
        }
        let start = Syscall.clockMonotonicNanoseconds()
        while !done.withLock({ $0 }) && Syscall.clockMonotonicNanoseconds() - start < 5_000_000_000 {
            usleep(2_000)
        }
        #expect(fired.withLock { $0 } == ["10ms", "30ms"])
    }

    @Test func readinessIsReportedForARegisteredDescriptor() throws {
        let running = try RunningLoop()
        defer { running.stop() }
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let received = Mutex<[UInt8]>([])
        final class Reader: Selectable, @unchecked Sendable {
            let fd: Int32
            let received: @Sendable ([UInt8]) -> Void
            init(fd: Int32, received: @escaping @Sendable ([UInt8]) -> Void) { self.fd = fd; self.received = received }
            func ready(_ events: IOEvents) {
                var buffer = [UInt8](repeating: 0, count: 16)
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n > 0 { received(Array(buffer[0..<n])) }
            }
        }
        let reader = Reader(fd: fds[0]) { bytes in received.withLock { $0 += bytes } }
        let loop = running.loop
        let registered: Result<Void, SystemError> = loop.executeAndWait {
            Result { () throws(SystemError) in try loop.register(reader.fd, interest: .readable, handler: reader) }
        }
        try registered.get()
        #expect(write(fds[1], "ping", 4) == 4)
        let start = Syscall.clockMonotonicNanoseconds()
        while received.withLock({ $0.count }) < 4 && Syscall.clockMonotonicNanoseconds() - start < 5_000_000_000 {
            usleep(1_000)
        }
        #expect(received.withLock { $0 } == Array("ping".utf8))
        loop.executeAndWait { loop.deregister(reader.fd) }
    }

    @Test func groupSizesDefaultToAvailableCores() throws {
        #expect(EventLoopGroup.availableCores >= 1)
        let group = try EventLoopGroup(loopCount: 3)
        #expect(group.loops.map(\.index) == [0, 1, 2])
    }
}

@Suite struct SyscallTests {
    @Test func failedCallsNameTheCallAndErrno() throws {
        // Binding the same port twice without SO_REUSEPORT on the second socket fails with EADDRINUSE.
        let first = try Socket.listen(on: try SocketAddress(host: "127.0.0.1", port: 0), reusePort: false)
        defer { Syscall.close(first) }
        let taken = try Syscall.getsockname(first)
        let error = #expect(throws: SystemError.self) {
            _ = try Socket.listen(on: taken, reusePort: false)
        }
        #expect(error?.call == "bind")
        #expect(error?.errno == EADDRINUSE)
        #expect(error?.description.contains("bind(2) failed") == true)
    }

    @Test func readOnAnEmptyNonBlockingSocketWouldBlock() throws {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        var buffer = [UInt8](repeating: 0, count: 8)
        let result = try buffer.withUnsafeMutableBytes { try Syscall.read(fds[0], $0) }
        #expect(result == .wouldBlock)
    }

    @Test func reusePortLetsTwoListenersShareOnePort() throws {
        let first = try Socket.listen(on: try SocketAddress(host: "127.0.0.1", port: 0), reusePort: true)
        defer { Syscall.close(first) }
        let address = try Syscall.getsockname(first)
        let second = try Socket.listen(on: address, reusePort: true)
        Syscall.close(second)
    }
}

@Suite struct SocketAddressTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1:8080", 8080),
        ("[::1]:443", "[::1]:443", 443),
        ("0.0.0.0:0", "0.0.0.0:0", 0),
    ])
    func parsesNumericAddresses(text: String, expected: String, port: Int) throws {
        let address = try SocketAddress(parsing: text)
        #expect(address.description == expected)
        #expect(address.port == port)
    }

    @Test(arguments: ["localhost:80", "127.0.0.1", "127.0.0.1:65536", "127.0.0.1:-1", "[::1:80", "1.2.3.4:8a", "127.0.0.1: 80"])
    func rejectsWhatIsNotANumericHostAndPort(text: String) {
        #expect(throws: SocketAddressError.self) { try SocketAddress(parsing: text) }
    }
}

@Suite struct BufferTests {
    @Test func inboundBufferConsumesAndCompacts() throws {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(write(fds[1], "hello world", 11) == 11)
        var buffer = InboundBuffer()
        let first = try buffer.read(from: fds[0])
        #expect(first == .processed(11))
        buffer.consume(6)
        let remaining = buffer.readableCount
        #expect(remaining == 5)
        let rest = Array(buffer.readableBytes)
        #expect(rest == Array("world".utf8))
        buffer.consume(5)
        let empty = buffer.isEmpty
        #expect(empty)
        let second = try buffer.read(from: fds[0])
        #expect(second == .wouldBlock)
    }

    @Test func outboundBufferFlushesEverything() throws {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        var buffer = OutboundBuffer()
        buffer.bytes.append(contentsOf: Array("response".utf8))
        #expect(try buffer.flush(to: fds[0]))
        #expect(buffer.isEmpty)
        var received = [UInt8](repeating: 0, count: 16)
        let n = received.withUnsafeMutableBytes { read(fds[1], $0.baseAddress, $0.count) }
        #expect(Array(received[0..<n]) == Array("response".utf8))
    }
}
