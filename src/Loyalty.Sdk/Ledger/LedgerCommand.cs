using System;
using System.Collections.Generic;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// A mutating command on one member's account. Every command carries an idempotency key; arguments are validated
/// when the command is created, so misuse throws before anything changes.
/// </summary>
/// <remarks>Commands are immutable and thread-safe. The set of commands is closed.</remarks>
public abstract class LedgerCommand
{
    private UInt128? _fingerprint;

    private protected LedgerCommand(MemberId memberId, IdempotencyKey key)
    {
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        Guard.NotDefault(key.IsDefault, nameof(key));
        MemberId = memberId;
        Key = key;
    }

    /// <summary>Gets the member.</summary>
    public MemberId MemberId { get; }

    /// <summary>Gets the idempotency key.</summary>
    public IdempotencyKey Key { get; }

    /// <summary>Gets the hash of the canonical payload, compared when a key is replayed.</summary>
    internal UInt128 PayloadFingerprint => _fingerprint ??= ComputeFingerprint();

    /// <summary>Gets the handler that plans and decides the command (one per command type).</summary>
    internal abstract Decisions.CommandHandler Handler { get; }

    private protected abstract Fingerprint BuildFingerprint(Fingerprint fingerprint);

    private UInt128 ComputeFingerprint()
    {
        using var fingerprint = new Fingerprint(GetType().Name).Add(MemberId.Value);
        return BuildFingerprint(fingerprint).Hash();
    }

    private protected static string CheckText(string value, string name) => Guard.Text(value, PurchaseLine.MaxTextLength, name);

    /// <summary>Checks that there is at least one line, none is null and no line id appears twice; returns a private copy.</summary>
    private protected static T[] CheckLines<T>(IReadOnlyList<T>? lines, Func<T, string> lineId, string name)
        where T : class
    {
        Guard.NotEmpty(lines, name);
        if (lines.Count > LoyaltyLimits.MaxLinesPerOrder)
        {
            throw new ArgumentException($"An order may have at most {LoyaltyLimits.MaxLinesPerOrder} lines; {lines.Count} were given.", name);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var copy = new T[lines.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            var line = lines[i] ?? throw new ArgumentNullException(name, "A line is null.");
            if (!ids.Add(lineId(line)))
            {
                throw new ArgumentException($"Line id '{lineId(line)}' appears twice.", name);
            }

            copy[i] = line;
        }

        return copy;
    }

    private protected static Points CheckPositive(Points points, string name)
    {
        if (!points.IsPositive)
        {
            throw new ArgumentOutOfRangeException(name, points.Value, "The points must be greater than zero.");
        }

        return points;
    }
}
