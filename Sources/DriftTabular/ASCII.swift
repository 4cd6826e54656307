/// Byte values the CSV scanner cares about (computed properties, so they fold to constants).
enum ASCII {
    @inline(__always) static var comma: UInt8 { 0x2C }
    @inline(__always) static var quote: UInt8 { 0x22 }
    @inline(__always) static var lineFeed: UInt8 { 0x0A }
    @inline(__always) static var carriageReturn: UInt8 { 0x0D }
}
