using System;
using System.Collections.Generic;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>A reusable map between text ids and dense integers 0, 1, 2, … in order of first appearance.</summary>
/// <remarks>This type is not thread-safe.</remarks>
public sealed class IdEncoder
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];

    /// <summary>Gets how many ids are encoded.</summary>
    public int Count => _ids.Count;

    /// <summary>Gets the index of an id, adding it when new.</summary>
    /// <param name="id">The id.</param>
    /// <returns>Its index.</returns>
    public int Encode(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_indexes.TryGetValue(id, out var index))
        {
            index = _ids.Count;
            _indexes.Add(id, index);
            _ids.Add(id);
        }

        return index;
    }

    /// <summary>Gets the id of an index.</summary>
    /// <param name="index">The index.</param>
    /// <returns>The id.</returns>
    public string Decode(int index) => _ids[index];

    /// <summary>Gets the index of a known id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="index">The index, when known.</param>
    /// <returns>Whether the id is known.</returns>
    public bool TryGetIndex(string id, out int index) => _indexes.TryGetValue(id, out index);
}
