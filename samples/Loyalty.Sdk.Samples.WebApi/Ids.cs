using System;
using System.Collections.Generic;
using System.Text;
using Loyalty.Sdk.Ledger;

namespace Loyalty.Sdk.Samples.WebApi;

/// <summary>
/// The boundary's rule for ids: Unicode-normalised to NFC, so that "café" typed on a Mac (decomposed) and on Windows
/// (composed) is one member. The library compares ids ordinally, code unit by code unit, and leaves normalisation to
/// the host (see the README); text that is not valid Unicode is a 400.
/// </summary>
internal static class Ids
{
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            return value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"'{value}' is not valid Unicode text.", nameof(value), ex);
        }
    }

    public static MemberId Member(string value) => MemberId.From(Text(value));

    public static IdempotencyKey Key(string value) => IdempotencyKey.From(Text(value));

    /// <summary>
    /// A stored key sent back in a path segment (a refund's redemption, a claim): Kestrel decodes every escape in a
    /// path but <c>%2F</c>, so a key with a slash arrives with it still escaped.
    /// </summary>
    public static IdempotencyKey PathKey(string value) => Key(value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase));

    /// <summary>An id normalised when it is valid text, or as given (for partition keys, which must never throw).</summary>
    public static string Loose(object? value)
    {
        var text = value as string ?? string.Empty;
        try
        {
            return text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    /// <summary>JSON allows <c>[null]</c> for a list of objects; a request does not.</summary>
    public static IReadOnlyList<T> NoNulls<T>(IReadOnlyList<T>? items, string name)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items, name);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                throw new ArgumentException($"{name}[{i}] must be an object, not null.", name);
            }
        }

        return items;
    }
}
