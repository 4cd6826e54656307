/// Two-sided p-value of the two-sample KS statistic `statistic` for sample sizes `n` and `m`,
/// matching `scipy.stats.ks_2samp(method="auto")`. PLACEHOLDER: being implemented.
func ksTwoSamplePValue(statistic: Double, n: Int, m: Int) -> (pvalue: Double, method: KSMethod) {
    (Double.nan, .asymptotic)
}
