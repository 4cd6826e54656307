/// Encodes a time series as one compact SVG path (`d` attribute).
///
/// The series is drawn in a coordinate system whose x unit is one window slot and whose y unit is one
/// pixel (the chart scales x with a `transform`), so every step is `l1 dy` with an integer `dy`:
/// - a step with no change in y is merged into the preceding horizontal run (`h7`);
/// - repeated `l` commands are written once (`l1-3 1 2 1-1`), as the SVG path grammar allows;
/// - a missing value breaks the line and the next value starts a new subpath with a relative move
///   (`m4-12`), so a gap is visible instead of interpolated;
/// - a value alone between gaps gets a zero-length segment (`h0`), which a round line cap draws as a dot.
///
/// With 720 windows this costs about four bytes a window.
enum SeriesPath {
    /// The path through (slot, y) for every slot whose y is not nil; slots must increase.
    static func encode(slots: [Int], ys: [Int?]) -> String {
        precondition(slots.count == ys.count, "one y per slot")
        var path = ""
        path.reserveCapacity(slots.count * 5)
        var current: (x: Int, y: Int)?
        var previousDrawn = false
        var segmentsInSubpath = 0
        var pendingHorizontal = 0
        var lastCommand: Character = " "

        func flushHorizontal() {
            guard pendingHorizontal > 0 else { return }
            path += "h" + String(pendingHorizontal)
            pendingHorizontal = 0
            lastCommand = "h"
        }
        func closeSubpath() {
            flushHorizontal()
            if current != nil && segmentsInSubpath == 0 {
                path += "h0"
                lastCommand = "h"
            }
        }

        for (slot, y) in zip(slots, ys) {
            guard let y else {
                previousDrawn = false
                continue
            }
            guard let point = current else {
                path += "M" + String(slot) + " " + String(y)
                lastCommand = "M"
                current = (slot, y)
                previousDrawn = true
                segmentsInSubpath = 0
                continue
            }
            if previousDrawn && slot == point.x + 1 {
                let dy = y - point.y
                segmentsInSubpath += 1
                if dy == 0 {
                    pendingHorizontal += 1
                } else {
                    flushHorizontal()
                    if lastCommand == "l" {
                        path += " 1"
                    } else {
                        path += "l1"
                        lastCommand = "l"
                    }
                    path += dy < 0 ? String(dy) : " " + String(dy)
                }
            } else {
                closeSubpath()
                path += "m" + String(slot - point.x) + (y - point.y < 0 ? "" : " ") + String(y - point.y)
                lastCommand = "m"
                segmentsInSubpath = 0
            }
            current = (slot, y)
            previousDrawn = true
        }
        closeSubpath()
        return path
    }
}
