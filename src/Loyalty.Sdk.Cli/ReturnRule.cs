using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// What marks a row of an export as a return or cancellation, which is then not a purchase (it starts no cohort and
/// counts in no frequency): an order id with a given prefix (<c>C</c> in the online-retail export), a negative quantity
/// or amount, an order id matching a regular expression, or a status column with given values. Any one that matches is
/// enough.
/// </summary>
/// <remarks>
/// A row marked by its prefix or sign is a reversal of earlier purchase lines: it is linked to them and lowers their
/// order (<see cref="Analytics.Returns.ReturnLinker"/>). A row marked only by its status is itself the cancelled line: it
/// is set aside, and undoes nothing else.
/// </remarks>
/// <param name="OrderPrefix">The order-id prefix of a return, if any (needs the order column).</param>
/// <param name="Negative">Whether a negative quantity or amount marks a return (needs an amount).</param>
/// <param name="Statuses">The status values of a return (compared ignoring case), if any (needs the status column).</param>
internal sealed record ReturnRule(string? OrderPrefix, bool Negative, IReadOnlySet<string>? Statuses)
{
    /// <summary>Gets the pattern an order id of a return matches, if any (needs the order column).</summary>
    public Regex? OrderPattern { get; init; }

    /// <summary>No row is a return.</summary>
    public static readonly ReturnRule None = new(null, false, null);

    /// <summary>Whether the rule marks anything.</summary>
    public bool Any => OrderPrefix is not null || OrderPattern is not null || Negative || Statuses is not null;

    /// <summary>Whether the rule marks reversal rows, which are linked to the purchases they undo.</summary>
    public bool Reverses => OrderPrefix is not null || OrderPattern is not null || Negative;

    /// <summary>
    /// Parses <c>--return-pattern</c>: a .NET regular expression, run without backtracking (its time grows with the
    /// id's length only, whatever the pattern).
    /// </summary>
    /// <exception cref="UsageException">The pattern is not a valid expression, or needs backtracking.</exception>
    public static Regex? ParsePattern(string? pattern)
    {
        if (pattern is null)
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--return-pattern '{pattern}' is not a usable regular expression: {ex.Message}");
        }
    }

    /// <summary>Parses <c>--return-status</c>'s comma-separated values.</summary>
    public static IReadOnlySet<string>? ParseStatuses(string? text) =>
        text is null ? null : new HashSet<string>(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);

    /// <summary>What a row (already checked: its amount and any quantity parsed) is.</summary>
    public ReturnKind Kind(ReadOnlySpan<char> orderId, decimal amount, decimal? quantity, string? status) =>
        (OrderPrefix is not null && orderId.TrimStart().StartsWith(OrderPrefix, StringComparison.Ordinal)) || (OrderPattern is not null && !orderId.IsEmpty && OrderPattern.IsMatch(orderId)) || (Negative && (amount < 0 || quantity < 0)) ? ReturnKind.Reversal
        : Statuses is not null && status is not null && Statuses.Contains(status.Trim()) ? ReturnKind.CancelledLine
        : ReturnKind.Purchase;

    /// <summary>The order id a reversal row names: its own without the return prefix (both are tried).</summary>
    public string? Unprefixed(string orderId) =>
        OrderPrefix is not null && orderId.StartsWith(OrderPrefix, StringComparison.Ordinal) && orderId.Length > OrderPrefix.Length ? orderId[OrderPrefix.Length..] : null;
}
