/// How many reference values equal each breakpoint of a ``ReferencePartition`` (the breakpoint's
/// multiplicity): 1 for nearly every breakpoint of a continuous reference, 0 for a PSI edge that is no
/// reference value, more for a repeated value.
///
/// Stored as one bit per breakpoint, set where the multiplicity is not 1, and those multiplicities in
/// breakpoint order: ⅛ byte per breakpoint plus 4 bytes per exception, where cumulative counts would take
/// 4 bytes per breakpoint. The counts are then read in order (``Reader``), which is how every user walks
/// the breakpoints. A multiplicity is a `UInt32`, so a reference holds at most
/// ``ReferencePartition/maximumReferenceCount`` (2³² − 1) values.
struct BreakpointMultiplicities: Sendable, Equatable {
    /// Bit `j & 63` of word `j >> 6` is set when breakpoint j's multiplicity is not 1.
    let exceptionBits: [UInt64]
    /// The multiplicities other than 1, in breakpoint order.
    let exceptions: [UInt32]

    /// Builds the multiplicities of `count` breakpoints, `exceptionCount` of them other than 1, from
    /// `fill`, which must call its argument once per breakpoint in order with its multiplicity.
    init(count: Int, exceptionCount: Int, fill: ((Int) -> Void) -> Void) {
        var bits = [UInt64](repeating: 0, count: (count + 63) >> 6)
        var exceptions: [UInt32] = []
        exceptions.reserveCapacity(exceptionCount)
        bits.withUnsafeMutableBufferPointer { bits in
            var index = 0
            fill { multiplicity in
                if multiplicity != 1 {
                    bits[index >> 6] |= 1 << UInt64(index & 63)
                    exceptions.append(UInt32(multiplicity))
                }
                index += 1
            }
            precondition(index == count, "one multiplicity per breakpoint")
        }
        exceptionBits = bits
        self.exceptions = exceptions
    }

    /// Reads the multiplicities of consecutive breakpoints from the first one on, in O(1) each.
    struct Reader {
        /// The next exception's index in ``BreakpointMultiplicities/exceptions``.
        private(set) var nextException = 0

        /// The multiplicity of breakpoint `index`. The calls must be for breakpoints 0, 1, 2, … in turn.
        @inline(__always)
        mutating func multiplicity(
            at index: Int, bits: UnsafeBufferPointer<UInt64>, exceptions: UnsafeBufferPointer<UInt32>
        ) -> Int {
            guard (bits[index &>> 6] &>> UInt64(index & 63)) & 1 != 0 else { return 1 }
            let multiplicity = Int(exceptions[nextException])
            nextException &+= 1
            return multiplicity
        }
    }
}
