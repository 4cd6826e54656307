import Yams

/// Reads one entry of a file's `receivers:` list.
enum ReceiverParser {
    static let knownKeys = ["name", "kind", "url", "secret_env", "send_resolved", "retrain_cooldown"]
    static let requiredKeys = ["name", "kind", "url"]

    /// The receiver declared by `node`, or nil after recording its problems in `reader`.
    /// `declared` receives the receiver's name as soon as it is known, even when other keys are wrong.
    static func parse(_ node: Node, reader: inout NodeReader, declared: inout [(String, SourceLocation)])
        -> ParsedFile.ParsedReceiver?
    {
        let before = reader.errors.count
        let nameValue = node.mapping?["name"].flatMap { $0.scalar?.string }
        let what = nameValue.map { "receiver '\($0)'" } ?? "receiver"
        guard let fields = reader.fields(of: node, as: what, known: knownKeys, required: requiredKeys) else { return nil }

        let name = reader.entryName(fields, of: "receiver", declared: &declared)
        let kind = fields["kind"].flatMap { reader.choice($0, key: "kind", as: ReceiverKind.self) }
        let url = fields["url"].flatMap { urlNode in
            reader.string(urlNode, key: "url").flatMap { text in
                let url = ValueRules.httpURL(text)
                if url == nil {
                    reader.fail(.invalidURL, "'url' must be an absolute http:// or https:// URL, got '\(text)'", at: urlNode)
                }
                return url
            }
        }
        var secretEnv: String?
        if let secretNode = fields["secret_env"], let text = reader.string(secretNode, key: "secret_env") {
            if ValueRules.isEnvironmentName(text) {
                secretEnv = text
            } else {
                reader.fail(
                    .invalidSecretEnv,
                    "'secret_env' must name an environment variable ([A-Za-z_][A-Za-z0-9_]*), got '\(text)'; "
                        + "put the secret itself in that variable, never in the file",
                    at: secretNode)
            }
        }
        let sendResolved = fields["send_resolved"].map { reader.boolean($0, key: "send_resolved") } ?? true
        var cooldown: Duration? = kind == .retrain ? Receiver.defaultRetrainCooldown : nil
        if let cooldownNode = fields["retrain_cooldown"] {
            if let kind, kind != .retrain {
                reader.fail(
                    .notApplicable, "'retrain_cooldown' applies only to kind: retrain, not kind: \(kind.rawValue)",
                    at: fields.keys["retrain_cooldown"] ?? cooldownNode)
            } else if let value = reader.duration(cooldownNode, key: "retrain_cooldown") {
                cooldown = value
            }
        }

        guard reader.errors.count == before, let name, let kind, let url, let sendResolved, let nameNode = fields["name"]
        else { return nil }
        let receiver = Receiver(
            name: name, kind: kind, url: url, secretEnv: secretEnv, sendResolved: sendResolved,
            retrainCooldown: cooldown, location: reader.location(of: node))
        return ParsedFile.ParsedReceiver(receiver: receiver, nameLocation: reader.location(of: nameNode))
    }
}
