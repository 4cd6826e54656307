import DriftEvaluation

extension ServiceMetrics {
    /// Records what window-state persistence did in one evaluation pass (``WindowStatePersistence``):
    /// states saved and their bytes, and the saved states looked up by outcome (`loaded`, `stale`, `corrupt`).
    func recordWindowStates(_ report: WindowStatePersistence.Report) {
        let saves = registry.makeCounter(
            descriptor: Self.name(
                "driftwatch_evaluation_state_saves_total", "Window states saved to the store for restarts and replicas"))
        let bytes = registry.makeCounter(
            descriptor: Self.name("driftwatch_evaluation_state_saved_bytes_total", "Bytes of the window states saved"))
        if report.saves > 0 {
            saves.increment(by: Int64(report.saves))
            bytes.increment(by: Int64(report.bytesSaved))
        }
        let loads = Self.name(
            "driftwatch_evaluation_state_loads_total",
            "Saved window states looked up when a window had none in memory: loaded, stale (other reference or settings), corrupt")
        for outcome in ["loaded", "stale", "corrupt"] {
            let counter = registry.makeCounter(descriptor: loads, labels: [("outcome", outcome)])
            if let count = report.loads[outcome], count > 0 { counter.increment(by: Int64(count)) }
        }
    }
}
