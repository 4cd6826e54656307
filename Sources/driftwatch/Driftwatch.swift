import ArgumentParser

/// The `driftwatch` command: drift and performance monitoring for machine-learning models.
@main
struct Driftwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "driftwatch",
        abstract: "Drift and performance monitoring for machine-learning models.",
        subcommands: [
            DemoCommand.self, ServeCommand.self, CompareCommand.self, RenderCommand.self, CheckConfigCommand.self,
            TokenCommand.self, BenchCommand.self,
        ]
    )

    /// Sets the allocator up (``MemoryTuning``), then parses the arguments and runs the command.
    static func main() async {
        MemoryTuning.apply()
        await main(nil)
    }
}
