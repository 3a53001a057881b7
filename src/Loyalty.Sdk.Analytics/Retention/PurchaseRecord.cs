using NodaTime;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>One purchase for the retention calculators: who, when, and optionally which order, how much and what category.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="CustomerId">The customer.</param>
/// <param name="At">When the purchase happened.</param>
/// <param name="OrderId">The order it belongs to (several records of one order count as one order), or <see langword="null"/> when each record is an order.</param>
/// <param name="Amount">The amount, if known (in one currency: the analytics convert nothing).</param>
/// <param name="Category">The product category, if known.</param>
public readonly record struct PurchaseRecord(string CustomerId, Instant At, string? OrderId = null, decimal? Amount = null, string? Category = null);
