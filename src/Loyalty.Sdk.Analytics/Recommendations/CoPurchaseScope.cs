namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>What counts as one basket when items are bought together.</summary>
public enum CoPurchaseScope
{
    /// <summary>Everything one customer bought (customers who bought this also bought).</summary>
    Customer,

    /// <summary>One order (bought together in one checkout); a record without an order is an order of its own.</summary>
    Order,
}
