namespace Loyalty.Sdk.Ledger;

/// <summary>A change of one lot's remaining points, recorded on the entry that caused it.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="LotId">The lot (the sequence number of the entry that created it).</param>
/// <param name="Change">The signed change of the lot's remaining points.</param>
public readonly record struct LotMovement(long LotId, Points Change);
