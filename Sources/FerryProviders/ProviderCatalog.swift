internal import Foundation

/// Every provider descriptor found in a `Providers/` folder, validated, by id.
public struct ProviderCatalog: Sendable {
    public let providers: [String: ProviderDescriptor]

    public init(_ descriptors: [ProviderDescriptor]) {
        providers = Dictionary(descriptors.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(id: String) -> ProviderDescriptor? { providers[id] }

    /// Folders under `directory` holding a `provider.json`; `_`-prefixed folders (shared
    /// schemas, tools) are not providers.
    public static func providerFolders(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            !name.hasPrefix("_") && !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: "\(directory)/\(name)/provider.json")
        }.sorted()
    }

    /// Loads and validates every descriptor under `directory`; throws with every issue found.
    public static func load(directory: String) throws(DescriptorError) -> ProviderCatalog {
        var descriptors: [ProviderDescriptor] = []
        var issues: [DescriptorIssue] = []
        let folders = providerFolders(in: directory)
        if folders.isEmpty {
            throw DescriptorError(issues: [DescriptorIssue(file: directory, path: "$", problem: "no provider folders found")])
        }
        for folder in folders {
            let file = "\(directory)/\(folder)/provider.json"
            switch parse(file: file, expectedID: folder) {
            case .success(let descriptor): descriptors.append(descriptor)
            case .failure(let error): issues += error.issues
            }
        }
        guard issues.isEmpty else { throw DescriptorError(issues: issues) }
        return ProviderCatalog(descriptors)
    }

    /// Reads and validates one descriptor file.
    public static func parse(file: String, expectedID: String?) -> Result<ProviderDescriptor, DescriptorError> {
        guard let data = FileManager.default.contents(atPath: file) else {
            return .failure(DescriptorError(issues: [DescriptorIssue(file: file, path: "$", problem: "cannot be read")]))
        }
        return parse(data: Array(data), file: file, expectedID: expectedID)
    }

    /// Validates descriptor JSON text.
    public static func parse(data: [UInt8], file: String, expectedID: String?) -> Result<ProviderDescriptor, DescriptorError> {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(data))
        } catch {
            return .failure(DescriptorError(issues: [DescriptorIssue(file: file, path: "$", problem: "is not valid JSON")]))
        }
        var reader = DescriptorReader(file: file)
        let descriptor = DescriptorParser.descriptor(root, expectedID: expectedID, reader: &reader)
        if let descriptor, reader.issues.isEmpty { return .success(descriptor) }
        return .failure(DescriptorError(issues: reader.issues))
    }
}
