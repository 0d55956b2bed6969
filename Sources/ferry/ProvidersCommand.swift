import FerryProviders
import FerryService
import Foundation

/// `ferry providers …`: work with provider descriptors.
enum ProvidersCommand {
    static let help = """
        Usage: ferry providers <subcommand>

        Subcommands:
          lint [DIR]   Check every descriptor under DIR (default: the Providers/ folder found
                       as 'ferry demo' finds it) and list every problem by file and JSON path.
          list [DIR]   List the providers: id, category, signature kind.

        Exit status: 0 all valid, 65 problems found, 66 DIR missing, 64 usage error.

        """

    static func main(_ argv: [String]) throws {
        var arguments = Arguments(command: "ferry providers", Array(argv.dropFirst()))
        if argv.isEmpty || arguments.wantsHelp || argv.first == "help" {
            print(help, terminator: "")
            return
        }
        let subcommand = argv[0]
        guard subcommand == "lint" || subcommand == "list" else {
            throw UsageError(message: "unknown subcommand '\(subcommand)' for 'ferry providers'", command: "ferry providers")
        }
        let positional = try arguments.positional()
        try arguments.finish()
        guard let directory = positional ?? ProvidersLocator.locate(environment: ProcessInfo.processInfo.environment) else {
            fail("cannot find the Providers/ folder; pass DIR", code: 66)
        }
        guard FileManager.default.fileExists(atPath: directory) else { fail("\(directory) does not exist", code: 66) }
        let catalog: ProviderCatalog
        do {
            catalog = try ProviderCatalog.load(directory: directory)
        } catch {
            for issue in error.issues { FileHandle.standardError.write(Data("error: \(issue)\n".utf8)) }
            exit(65)   // EX_DATAERR
        }
        if subcommand == "list" {
            for id in catalog.providers.keys.sorted() {
                guard let provider = catalog[id] else { continue }
                print("\(id)\t\(provider.category)\t\(provider.signature.kindName)\t\(provider.displayName)")
            }
        } else {
            print("ok: \(catalog.providers.count) providers (\(catalog.providers.keys.sorted().joined(separator: ", ")))")
        }
    }
}
