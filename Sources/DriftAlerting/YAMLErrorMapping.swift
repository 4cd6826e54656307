import Yams

/// Turns Yams' errors into located `RuleError`s.
enum YAMLErrorMapping {
    /// The `RuleError` for `error`, thrown by `Yams.compose` on the file at `path`.
    static func ruleError(_ error: any Error, path: String, text: String) -> RuleError {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: path, line: mark.line, column: mark.column) }
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard let yamlError = error as? YamlError else {
            return RuleError(.yamlSyntax, "YAML could not be read: \(error)", at: start)
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let while_ = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            // A scalar or flow collection left open is reported where the file ends; the place to fix is
            // where it was opened, which libYAML gives as the context.
            let position = problem.contains("end of stream") ? context?.mark ?? mark : mark
            return RuleError(.yamlSyntax, "YAML syntax error: \(problem)\(while_)", at: at(position))
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            let first = at(context.mark)
            let repeated = duplicates.sorted().first.flatMap { repeatedKey($0, after: first, in: text, path: path) }
            return RuleError(
                .duplicateKey, "duplicate key \(keys) in one mapping (first at line \(first.line)); keep only one",
                at: repeated ?? first)
        case let .reader(problem, _, _, _):
            return RuleError(.unreadable, "file is not valid UTF-8 text: \(problem)", at: start)
        default:
            return RuleError(.yamlSyntax, "YAML could not be read: \(yamlError)", at: start)
        }
    }

    /// Where `key` appears again at the same indentation as its first occurrence `first`: libYAML marks the
    /// first, but the line to delete is usually the later one.
    private static func repeatedKey(_ key: String, after first: SourceLocation, in text: String, path: String)
        -> SourceLocation?
    {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1, first.line <= lines.count else { return nil }
        for index in first.line..<lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            if indent + 1 == first.column, rest.hasPrefix("\(key):") || rest.hasPrefix("\"\(key)\":") {
                return SourceLocation(file: path, line: index + 1, column: indent + 1)
            }
            if indent + 1 < first.column, !rest.isEmpty, !rest.hasPrefix("#") { return nil }
        }
        return nil
    }
}
