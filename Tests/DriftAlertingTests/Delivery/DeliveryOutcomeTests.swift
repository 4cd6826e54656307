import DriftAlerting
import Testing

@Suite struct DeliveryOutcomeTests {
    @Test(arguments: [200, 201, 202, 204, 299])
    func twoHundredsAreDelivered(status: Int) {
        #expect(DeliveryOutcome(.response(TransportResponse(status: status))) == .delivered(status: status))
    }

    @Test(arguments: [429, 500, 502, 503, 504, 599])
    func tooManyRequestsAndServerErrorsAreRetried(status: Int) {
        let outcome = DeliveryOutcome(.response(TransportResponse(status: status, retryAfter: "12")))
        guard case .retryable(let answered, let retryAfter, _) = outcome else {
            Issue.record("\(status) should be retryable, got \(outcome)")
            return
        }
        #expect(answered == status)
        #expect(retryAfter == .seconds(12))
    }

    @Test(arguments: [100, 301, 302, 307, 308, 400, 401, 403, 404, 408, 409, 410, 413, 422])
    func otherStatusesArePermanent(status: Int) {
        guard case .permanent(let answered, let reason) = DeliveryOutcome(.response(TransportResponse(status: status)))
        else {
            Issue.record("\(status) should not be retried")
            return
        }
        #expect(answered == status)
        #expect(reason.contains(String(status)))
    }

    @Test func unparsableRetryAfterIsIgnored() {
        #expect(
            DeliveryOutcome(.response(TransportResponse(status: 503, retryAfter: "later")))
                == .retryable(status: 503, retryAfter: nil, reason: "receiver answered 503"))
    }

    @Test func networkFailuresAreRetriedAndInvalidRequestsAreNot() {
        for kind in [TransportFailure.Kind.connection, .timeout] {
            guard case .retryable(nil, nil, let reason) = DeliveryOutcome(.failure(TransportFailure(kind, "boom")))
            else {
                Issue.record("\(kind) should be retryable")
                continue
            }
            #expect(reason.contains("boom"))
        }
        #expect(
            DeliveryOutcome(.failure(TransportFailure(.invalidRequest, "not a URL")))
                == .permanent(status: nil, reason: "not a URL"))
    }
}
