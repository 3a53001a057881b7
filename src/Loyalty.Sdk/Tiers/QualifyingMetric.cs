namespace Loyalty.Sdk.Tiers;

/// <summary>What a <see cref="TierLadder"/> counts to place a member. Never the spendable balance: redeeming does not lower a tier.</summary>
public enum QualifyingMetric
{
    /// <summary>Points earned from orders and activities (after multipliers and caps), less points reversed by returns. Adjustments do not count.</summary>
    Points = 0,

    /// <summary>Spend in the base currency on earning lines (excluded categories such as shipping and gift cards do not count; the part paid with points does not count when the program earns on the cash part only), less returned spend.</summary>
    Spend = 1,

    /// <summary>Orders with qualifying spend; an order returned in full no longer counts.</summary>
    Orders = 2,
}
