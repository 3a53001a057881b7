using System;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Tiers;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>
/// Takes back the points of returned units (or a whole order): from the order's own lot first, then other available
/// and pending lots; what the member no longer has becomes debt or is written off, as the program says.
/// </summary>
internal sealed class ReverseHandler : CommandHandler<ReverseEarnCommand>
{
    public static readonly ReverseHandler Instance = new();

    public override string Name => "reverse";

    protected override LedgerLoadRequest Plan(ReverseEarnCommand command, LoyaltyProgram program, Instant now, LedgerLoadRequest account) =>
        account with { OrderId = command.OrderId };

    protected override Rejection? Decide(ReverseEarnCommand command, AccountDraft draft)
    {
        if (!draft.Exists)
        {
            return Rejections.UnknownMember(draft);
        }

        if (draft.Loaded.Accrual is not { } accrual)
        {
            return Rejections.Reject(RejectionReason.UnknownOrder, $"Order '{command.OrderId}' never earned points for member '{command.MemberId}'.");
        }

        var lines = new AccrualLine[accrual.Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = accrual.Lines[i];
        }

        var total = Points.Zero;
        var spendBefore = AccrualLines.ReturnedSpend(lines);
        var countedBefore = !AccrualLines.AllQualifyingReturned(lines);
        if (command.IsWholeOrder)
        {
            if (Array.TrueForAll(lines, l => l.ReturnedUnits == l.Units))
            {
                return Rejections.Reject(RejectionReason.ReturnExceedsOrder, $"Order '{command.OrderId}' has been returned in full already.");
            }

            for (var i = 0; i < lines.Length; i++)
            {
                var open = lines[i].Units - lines[i].ReturnedUnits;
                if (open > 0)
                {
                    total += ReturnUnits(draft.Program, lines, i, open);
                }
            }
        }
        else
        {
            foreach (var returned in command.Lines)
            {
                var index = Array.FindIndex(lines, l => string.Equals(l.LineId, returned.LineId, StringComparison.Ordinal));
                if (index < 0)
                {
                    return Rejections.Reject(RejectionReason.UnknownOrderLine, $"Order '{command.OrderId}' has no line '{returned.LineId}'.");
                }

                var open = lines[index].Units - lines[index].ReturnedUnits;
                if (returned.Units > open)
                {
                    return Rejections.Reject(RejectionReason.ReturnExceedsOrder, $"Line '{returned.LineId}' of order '{command.OrderId}' has {open} unit(s) left to return; {returned.Units} were returned.");
                }

                total += ReturnUnits(draft.Program, lines, index, returned.Units);
            }
        }

        var sequence = draft.NextSequence();
        var movements = draft.Moves();
        var left = total;
        if (accrual.LotId is { } ownId && draft.Lots.FindOpen(ownId) is { } own)
        {
            left -= draft.Lots.Take(left, [own], movements, null);
        }

        left -= draft.Lots.Take(left, draft.Lots.Candidates(draft.Now, available: true, except: accrual.LotId), movements, null);
        left -= draft.Lots.Take(left, draft.Lots.Candidates(draft.Now, available: false, except: accrual.LotId), movements, null);
        var debtChange = Points.Zero;
        var writtenOff = Points.Zero;
        if (left.IsPositive)
        {
            if (draft.Program.ReversalPolicy == ReversalPolicy.Debt)
            {
                debtChange = left;
                draft.AddDebt(left);
            }
            else
            {
                writtenOff = left;
            }
        }

        // An order stops counting once every qualifying line is back (a kept shipping line does not keep it).
        var qualifying = new QualifyingChange(
            accrual.OrderedAt.InZone(draft.Program.TimeZone).Date,
            total.Negate().Value,
            spendBefore - AccrualLines.ReturnedSpend(lines),
            countedBefore && AccrualLines.QualifyingSpend(lines) > 0 && AccrualLines.AllQualifyingReturned(lines) ? -1 : 0);
        draft.Add(draft.Entry(sequence, LedgerEntryKind.Reverse, (total - writtenOff).Negate(), movements.ToArray(), orderId: command.OrderId, debtChange: debtChange, writtenOff: writtenOff,
            qualifying: qualifying));
        draft.Records.Accrual = accrual with { Lines = lines, ReversedPoints = accrual.ReversedPoints + total };
        return null;
    }

    /// <summary>
    /// Reverses returned units of one line: cumulative reversed points are the line's points × returned units ÷ units,
    /// rounded with the program's rounding, and exactly the line's points once every unit is returned.
    /// </summary>
    private static Points ReturnUnits(LoyaltyProgram program, AccrualLine[] lines, int index, int units)
    {
        var line = lines[index];
        var returned = line.ReturnedUnits + units;
        var cumulative = returned == line.Units
            ? line.Points
            : Points.Min(line.Points, program.Round((decimal)line.Points.Value * returned / line.Units));
        var delta = cumulative - line.ReversedPoints;
        lines[index] = line with { ReturnedUnits = returned, ReversedPoints = cumulative };
        return delta;
    }
}
