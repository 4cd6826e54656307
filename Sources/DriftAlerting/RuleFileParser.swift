import Yams

/// Parses the text of one rule file into receivers and rules, with a located error per problem.
enum RuleFileParser {
    static let topLevelKeys = ["receivers", "rules"]

    /// Everything `text` (the contents of the file at `path`) declares. An empty file declares nothing.
    static func parse(text: String, path: String) -> ParsedFile {
        var file = ParsedFile()
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            file.errors.append(YAMLErrorMapping.ruleError(error, path: path, text: text))
            return file
        }
        guard let root else { return file }
        var reader = NodeReader(path: path)
        if let fields = reader.fields(of: root, as: "a rule file", known: topLevelKeys, required: []) {
            for item in list(fields["receivers"], key: "receivers", reader: &reader) {
                if let receiver = ReceiverParser.parse(item, reader: &reader, declared: &file.declaredReceiverNames) {
                    file.receivers.append(receiver)
                }
            }
            for item in list(fields["rules"], key: "rules", reader: &reader) {
                if let rule = RuleParser.parse(item, reader: &reader, declared: &file.declaredRuleNames) {
                    file.rules.append(rule)
                }
            }
        }
        file.errors += reader.errors
        return file
    }

    /// The items of a top-level list; an absent or null key is an empty list.
    private static func list(_ node: Node?, key: String, reader: inout NodeReader) -> [Node] {
        guard let node else { return [] }
        if let sequence = node.sequence { return Array(sequence) }
        if let scalar = node.scalar, scalar.style == .plain, node.null != nil { return [] }
        reader.fail(.wrongType, "'\(key)' must be a list of entries, each starting with '- '", at: node)
        return []
    }
}
