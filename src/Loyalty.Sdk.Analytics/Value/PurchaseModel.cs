namespace Loyalty.Sdk.Analytics.Value;

/// <summary>The purchase model behind <see cref="CustomerValues"/>.</summary>
public enum PurchaseModel
{
    /// <summary>The modified BG/NBD (<see cref="ModifiedBgNbdModel"/>): a one-time buyer can be gone.</summary>
    ModifiedBgNbd,

    /// <summary>BG/NBD (<see cref="Churn.BgNbdModel"/>): a one-time buyer is always alive.</summary>
    BgNbd,

    /// <summary>Pareto/NBD (<see cref="ParetoNbdModel"/>).</summary>
    ParetoNbd,
}
