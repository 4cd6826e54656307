import ArgumentParser
import DriftAlerting
import DriftServer
import Foundation

/// `driftwatch check-config [DIR]`: validates the alert rule files the server would load.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the alert rule files (*.yaml, *.yml) in a directory.",
        discussion: """
            Loads every rule and receiver as `driftwatch serve` would and prints one line per problem, \
            `file:line:column: message`, to standard error. Exit status: 0 when the files are valid, 1 when any \
            problem was found, 2 when the directory cannot be read. Signing secrets are not read. Receivers that post \
            to link-local or cloud-metadata addresses are reported as warnings (exit status unchanged). With \
            `--config FILE`, the server configuration is validated too (window settings, `segments`, \
            `max_segment_values`, `multiple_testing`, `evaluation.state_save_interval`, limits, tokens).
            """
    )

    @Argument(help: "The rule directory.")
    var directory: String = "alerts"

    @Option(name: .long, help: "A server configuration file (YAML) to validate as well.")
    var config: String?

    func run() throws {
        if let config {
            do {
                let configuration = try ServerConfiguration.load(file: config)
                let segmented = ([("default", configuration.modelDefaults)] + configuration.modelOverrides.sorted { $0.key < $1.key })
                    .filter { !$0.1.segments.keys.isEmpty }
                    .map { "\($0.0): \($0.1.segments.keys.joined(separator: ", "))" }
                print("\(config): valid" + (segmented.isEmpty ? "" : "; segments: " + segmented.joined(separator: "; ")))
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            printError("error: \(directory): no such directory")
            throw ExitCode(2)
        }
        do {
            let set = try RuleLoader.load(directory: directory)
            for warning in set.receivers.compactMap(ReceiverAddressCheck.warning(for:)) { printError(warning) }
            print("\(directory): \(set.rules.count) rules and \(set.receivers.count) receivers, all valid")
        } catch {
            for problem in error.errors { printError(problem.description) }
            printError("\(error.errors.count) problem\(error.errors.count == 1 ? "" : "s") in \(directory)")
            throw ExitCode(1)
        }
    }
}
