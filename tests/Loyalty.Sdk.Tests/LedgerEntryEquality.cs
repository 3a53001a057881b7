using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Ledger;

namespace Loyalty.Sdk.Tests;

/// <summary>Compares entries by value, including their lot movements (records compare lists by reference).</summary>
internal sealed class LedgerEntryEquality : IEqualityComparer<LedgerEntry>
{
    public static readonly LedgerEntryEquality Instance = new();

    public bool Equals(LedgerEntry? x, LedgerEntry? y) =>
        x is not null && y is not null &&
        x with { Movements = [] } == y with { Movements = [] } &&
        x.Movements.SequenceEqual(y.Movements);

    public int GetHashCode(LedgerEntry obj) => obj.Sequence.GetHashCode();
}
