import ArgumentParser

/// `driftwatch bench …`: benchmarks that print tables (never assertions: machines are noisy).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark and print a table (use a release build: swift build -c release).",
        subcommands: [
            BenchStatsCommand.self, BenchIngestCommand.self, BenchEvaluateCommand.self, BenchRenderCommand.self,
        ]
    )
}
