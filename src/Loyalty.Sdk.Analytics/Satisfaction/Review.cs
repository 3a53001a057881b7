namespace Loyalty.Sdk.Analytics.Satisfaction;

/// <summary>A review of a customer in a <see cref="Retention.PurchaseTable"/>.</summary>
/// <param name="Customer">The customer index in the purchase table.</param>
/// <param name="Order">The order index it reviews, or -1 when the review names no order.</param>
/// <param name="Day">Its local day number (<see cref="Retention.PurchaseTable.DayNumber"/>).</param>
/// <param name="Score">The score, on the scale of the analysis.</param>
public readonly record struct Review(int Customer, int Order, int Day, int Score);
