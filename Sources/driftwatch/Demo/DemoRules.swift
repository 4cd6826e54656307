/// The demo's alert rules: feature and prediction drift, an accuracy drop relative to the reference —
/// realised on labels and estimated without them (CBPE) — and a retrain trigger on sustained drift, sent
/// to the demo's own receiver.
enum DemoRules {
    /// The realised accuracy rule's name.
    static let accuracyRule = "accuracy-drop"
    /// The estimated accuracy rule's name.
    static let estimatedAccuracyRule = "estimated-accuracy-drop"

    static func yaml(receiverPort port: Int) -> String {
        """
        receivers:
          - name: oncall
            kind: webhook
            url: http://127.0.0.1:\(port)/oncall
            secret_env: DEMO_WEBHOOK_SECRET
            send_resolved: true
          - name: retrain-pipeline
            kind: retrain
            url: http://127.0.0.1:\(port)/retrain
            secret_env: DEMO_WEBHOOK_SECRET
            retrain_cooldown: 24h
        rules:
          - name: feature-drift
            feature: "*"
            metric: psi
            op: ">="
            threshold: 0.2
            for: 2
            severity: warning
            annotations:
              summary: "{{feature}} on {{model}}: PSI {{value}} (threshold {{threshold}}) in {{window}}"
            receivers: [oncall]
          - name: prediction-drift
            feature: prediction
            metric: psi
            op: ">="
            threshold: 0.2
            for: 2
            severity: critical
            annotations:
              summary: "{{model}}'s predictions: PSI {{value}} (threshold {{threshold}}) in {{window}}"
            receivers: [oncall]
          - name: accuracy-drop
            metric: accuracy
            baseline: reference
            op: "<"
            threshold: -0.05
            for: 2
            severity: critical
            annotations:
              summary: "{{model}} accuracy {{value}} against its reference's {{baseline}} (threshold {{threshold}}) in {{window}}"
            receivers: [oncall]
          - name: estimated-accuracy-drop
            metric: estimated_accuracy
            baseline: reference
            op: "<"
            threshold: -0.05
            for: 2
            severity: warning
            annotations:
              summary: "{{model}} estimated accuracy {{value}} against its reference's {{baseline}} (threshold {{threshold}}) in {{window}}, before any label"
            receivers: [oncall]
          - name: sustained-drift-retrain
            metric: drifted_feature_share
            op: ">="
            threshold: 0.3
            for: 3
            severity: warning
            annotations:
              summary: "{{value}} of {{model}}'s features drifted for 3 windows: retrain"
            receivers: [retrain-pipeline]
        """
    }
}
