import Foundation

/// One rule file's path (as it should appear in error messages) and its text.
public struct RuleFile: Hashable, Sendable {
    /// The path, e.g. `alerts/feature-drift.yaml`.
    public let path: String
    /// The file's contents.
    public let text: String

    /// A rule file at `path` holding `text`.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// Loads and validates alert rule files (API.md, "Alert rules" and "File shapes").
///
/// Every problem is collected, not just the first: YAML syntax, unknown keys (with the closest
/// known key), missing or mistyped values, unknown metric/op/kind/severity, invalid durations,
/// URLs, `secret_env` names and `for` counts, a `feature` on a model-level metric, duplicate rule
/// or receiver names across files, and receivers that no file declares. Secrets are not read.
public enum RuleLoader {
    /// File name extensions read from a rule directory.
    public static let fileExtensions: Set<String> = ["yaml", "yml"]

    /// Loads every `*.yaml` and `*.yml` file directly in `directory` (not subdirectories, not hidden
    /// files), in byte order of their names. Paths in errors are `directory` joined with the file name,
    /// so a relative `directory` gives relative paths. An empty directory is an empty, valid rule set.
    ///
    /// - Throws: `RuleErrors`, sorted by path, line and column; print each as one line.
    public static func load(directory: String) throws(RuleErrors) -> RuleSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            let location = SourceLocation(file: directory, line: 1, column: 1)
            throw RuleErrors([RuleError(.unreadable, "cannot read rule directory: \(error.localizedDescription)", at: location)])
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var files: [RuleFile] = []
        var errors: [RuleError] = []
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        where !name.hasPrefix(".") && fileExtensions.contains((name as NSString).pathExtension.lowercased()) {
            let path = "\(base)/\(name)"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                errors.append(RuleError(.unreadable, "cannot read file", at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                errors.append(RuleError(.unreadable, "file is not UTF-8 text", at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            files.append(RuleFile(path: path, text: text))
        }
        do {
            let set = try load(files: files)
            if errors.isEmpty { return set }
        } catch {
            errors += error.errors
        }
        throw RuleErrors(errors)
    }

    /// Loads rule files already in memory, in the order given (no file system access).
    ///
    /// - Throws: `RuleErrors`, sorted by path, line and column.
    public static func load(files: [RuleFile]) throws(RuleErrors) -> RuleSet {
        let parsed = files.map { RuleFileParser.parse(text: $0.text, path: $0.path) }
        let errors = parsed.flatMap(\.errors) + RuleSetValidator.crossFileErrors(parsed)
        guard errors.isEmpty else { throw RuleErrors(errors) }
        return RuleSet(receivers: parsed.flatMap(\.receivers).map(\.receiver), rules: parsed.flatMap(\.rules).map(\.rule))
    }
}
