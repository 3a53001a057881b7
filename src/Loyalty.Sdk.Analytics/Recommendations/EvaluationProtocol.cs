namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>Which test purchases count as hits in <see cref="RecommendationEvaluator"/>.</summary>
public enum EvaluationProtocol
{
    /// <summary>Every item a member bought in the test period, re-purchases included (nothing is excluded from the lists).</summary>
    AllPurchases,

    /// <summary>Only items the member had not bought before the cutoff (bought items are excluded from the lists).</summary>
    NewItems,
}
