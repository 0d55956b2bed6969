/// Ferry's version string.
enum FerryVersion {
    static let current = "0.1.0"
}
