import DriftCore
import Foundation

/// The Lua script wrk runs: each request is a batch of events whose ids are unique across threads and
/// requests (a per-thread prefix and a request counter), timestamped an hour ago.
enum WrkScript {
    /// - Parameter salt: distinguishes the ids of several wrk processes run at once (their random prefixes
    ///   start from the same seed).
    static func events(schema: ModelSchema, batch: Int, salt: Int = 0) -> String {
        let timestamp = Int(WallClock.system() / 1_000) - 3_600
        var events: [String] = []
        for index in 0..<batch {
            let features = schema.features.enumerated().map { position, spec in
                spec.type == .numeric
                    ? "\"\(spec.name)\":\(Double((index * 31 + position * 7) % 1000) / 97.0)"
                    : "\"\(spec.name)\":\"cat_\((index + position) % 10)\""
            }.joined(separator: ",")
            events.append(
                #"{"id":"@@-\#(index)","timestamp":\#(timestamp),"features":{\#(features)},"prediction":\#(index % 2),"score":0.\#(index % 10)}"#)
        }
        let template = "[" + events.joined(separator: ",") + "]"
        return """
            local template = [==[\(template)]==]
            local counter = 0
            local prefix = "\(salt)-" .. tostring(math.random(1, 1000000000))
            setup = function(thread)
              thread:set("prefix", "\(salt)-" .. tostring(math.random(1, 1000000000)))
            end
            init = function(args)
              wrk.method = "POST"
              wrk.headers["Content-Type"] = "application/json"
            end
            request = function()
              counter = counter + 1
              local body = string.gsub(template, "@@", prefix .. "-" .. counter)
              return wrk.format(nil, nil, nil, body)
            end
            """
    }
}

/// What wrk printed: requests per second, latency percentiles, errors.
struct WrkResult {
    var requestsPerSecond = 0.0
    var p50 = "n/a"
    var p99 = "n/a"
    var errors = 0

    init(_ output: String) {
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:"), fields.count >= 2 { requestsPerSecond = Double(fields[1]) ?? 0 }
            if fields.first == "50%", fields.count >= 2 { p50 = String(fields[1]) }
            if fields.first == "99%", fields.count >= 2 { p99 = String(fields[1]) }
            if line.contains("Non-2xx or 3xx responses:"), let last = fields.last { errors = Int(last) ?? 0 }
        }
    }
}
