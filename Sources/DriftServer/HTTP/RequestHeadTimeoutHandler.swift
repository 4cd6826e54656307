import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request head (request line and headers) does not arrive in time: within
/// `firstHeadTimeout` of the connection opening, and within `nextHeadTimeout` of the previous response's
/// end on a kept-alive connection.
///
/// The idle timeout alone does not cut a client that trickles one header byte at a time (slowloris):
/// every byte counts as activity. This handler sits after the HTTP decoder, so it sees only complete
/// heads, and its deadline does not move until one arrives.
final class RequestHeadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let firstHeadTimeout: TimeAmount
    private let nextHeadTimeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(firstHeadTimeout: TimeAmount, nextHeadTimeout: TimeAmount) {
        self.firstHeadTimeout = firstHeadTimeout
        self.nextHeadTimeout = nextHeadTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, after: firstHeadTimeout) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        if deadline == nil { arm(context, after: firstHeadTimeout) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { disarm() }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { arm(context, after: nextHeadTimeout) }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, after timeout: TimeAmount) {
        disarm()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
