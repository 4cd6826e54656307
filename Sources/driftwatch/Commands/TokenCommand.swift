import ArgumentParser
import Foundation
import DriftServer

/// `driftwatch token`: prints a new bearer token and the SHA-256 to put in the configuration.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a new API token and the SHA-256 hash to configure for it.",
        discussion: """
            Give the token to the client; put only the hash in the server configuration:
              auth: {tokens: [{name: serving, sha256: <hash>, scopes: [ingest]}]}
            Scopes: ingest (events, labels), admin (references), read (models, windows, alerts, metrics).
            """
    )

    @Option(help: "The token's name in the configuration.")
    var name = "client"

    @Option(help: "Comma-separated scopes: ingest, admin, read.")
    var scopes = "ingest"

    func run() throws {
        let parsed = scopes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for scope in parsed where Scope(rawValue: scope) == nil {
            throw ValidationError("unknown scope '\(scope)': use ingest, admin or read")
        }
        let (token, hash) = Authenticator.makeToken()
        print("token:  \(token)")
        print("sha256: \(hash)")
        print("")
        print("configuration:")
        print("auth:")
        print("  tokens:")
        print("    - {name: \(name), sha256: \(hash), scopes: [\(parsed.joined(separator: ", "))]}")
    }
}
