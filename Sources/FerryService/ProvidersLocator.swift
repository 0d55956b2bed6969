internal import Foundation

/// Finds the `Providers/` folder when no config names one (the demo, `providers lint`).
public enum ProvidersLocator {
    /// `FERRY_PROVIDERS` if set; else `./Providers`; else `Providers/` next to the checkout the
    /// binary was built in (`.build/<config>/ferry` → `../../Providers`), so `make run` works
    /// from any directory.
    public static func locate(environment: [String: String]) -> String? {
        if let explicit = environment["FERRY_PROVIDERS"], !explicit.isEmpty { return explicit }
        var candidates = [FileManager.default.currentDirectoryPath + "/Providers"]
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var url = URL(fileURLWithPath: executable)
            url.deleteLastPathComponent()   // release/
            url.deleteLastPathComponent()   // .build/ (or the x86_64-… folder)
            for _ in 0..<2 {
                url.deleteLastPathComponent()
                candidates.append(url.path + "/Providers")
            }
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/README.md") || hasDescriptors($0) }
    }

    private static func hasDescriptors(_ directory: String) -> Bool {
        !((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).isEmpty
    }
}
