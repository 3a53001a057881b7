using System.Runtime.InteropServices;

namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>An item and a score: a neighbour's similarity, or a recommendation's strength.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Item">The item index.</param>
/// <param name="Score">The score.</param>
/// <param name="CoPurchases">For a neighbour: the baskets holding both items; otherwise 0.</param>
[StructLayout(LayoutKind.Auto)] // 16 bytes instead of 24: neighbour lists are most of the model's memory
public readonly record struct ItemScore(int Item, double Score, int CoPurchases = 0);
