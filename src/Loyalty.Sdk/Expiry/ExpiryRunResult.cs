namespace Loyalty.Sdk.Expiry;

/// <summary>What one run of the expiry job (which also applies due tier reviews) did.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="AccountsScanned">Accounts with an expiry or a tier review due.</param>
/// <param name="EntriesWritten">Expire entries materialised.</param>
/// <param name="PointsExpired">Points expired by those entries.</param>
/// <param name="TierChanges">Tier changes (demotions at reviews) materialised.</param>
public readonly record struct ExpiryRunResult(int AccountsScanned, int EntriesWritten, Points PointsExpired, int TierChanges = 0);
