using System.Globalization;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Tiers;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>
/// Earns an order's points: converts each line to the base currency, applies the earning rules, campaigns and caps,
/// credits one lot (pending until the program's delay) and keeps the order's accrual for returns.
/// </summary>
internal sealed class EarnHandler : CommandHandler<EarnCommand>
{
    public static readonly EarnHandler Instance = new();

    public override string Name => "earn";

    protected override LedgerLoadRequest Plan(EarnCommand command, LoyaltyProgram program, Instant now, LedgerLoadRequest account) =>
        account with { OrderId = command.OrderId };

    protected override Rejection? Decide(EarnCommand command, AccountDraft draft)
    {
        var program = draft.Program;
        if (draft.Loaded.Accrual is { } existing)
        {
            return Rejections.Reject(RejectionReason.OrderAlreadyEarned, $"Order '{command.OrderId}' already earned {existing.TotalPoints} points (entry {existing.EarnSequence}).");
        }

        var rate = 1m;
        if (command.Currency != program.BaseCurrency &&
            (program.ExchangeRates is null || !program.ExchangeRates.TryGetRate(command.Currency, program.BaseCurrency, command.OrderedAt, out rate) || rate <= 0))
        {
            return Rejections.Reject(RejectionReason.ExchangeRateUnavailable, $"No exchange rate from {command.Currency} to {program.BaseCurrency} at {command.OrderedAt}.");
        }

        // The part paid with points earns nothing (when so configured): every line earns on the same cash share.
        var cashShare = 1m;
        if (program.EarnOnCashPartOnly && command.PaidWithPoints is { Amount: > 0 } paid)
        {
            cashShare = (command.Total - paid.Amount) / command.Total;
        }

        var priced = new (PurchaseLine Line, decimal BaseAmount)[command.Lines.Count];
        for (var i = 0; i < priced.Length; i++)
        {
            var line = command.Lines[i];

            // Units × price always fits (LoyaltyLimits bound both); a host's exchange rate may not.
            if (!Exact.TryMultiply(line.Units * line.UnitPrice.Amount, rate, out var converted) || !Exact.TryMultiply(converted, cashShare, out converted))
            {
                return Rejections.LimitExceeded($"Line '{line.LineId}' converted at {rate} does not fit in a decimal amount.");
            }

            priced[i] = (line, converted);
        }

        var orderDate = command.OrderedAt.InZone(program.TimeZone).Date;
        var lines = program.Earning.Apply(priced, orderDate, program.PointsPerCurrencyUnit, program.Rounding, out var overLimit, draft.Tiers?.Current, command.Segments);
        if (lines is null)
        {
            return Rejections.LimitExceeded(overLimit!);
        }

        if (cashShare != 1m)
        {
            var rule = "cash-part:" + cashShare.ToString("0.####", CultureInfo.InvariantCulture);
            for (var i = 0; i < lines.Length; i++)
            {
                lines[i] = lines[i] with { Rules = [rule, .. lines[i].Rules] };
            }
        }

        if (MemberCap.Allowance(draft) is { } allowance)
        {
            lines = EarningRules.Cap(lines, allowance.Points, allowance.Rule);
        }

        // Summed in decimal after the caps: uncapped, 10,000 lines may pass 64 bits, and the bound reads better here.
        var exactTotal = 0m;
        foreach (var line in lines)
        {
            exactTotal += line.Points.Value;
        }

        if (exactTotal > program.MaxPointsPerCommand.Value)
        {
            return Rejections.LimitExceeded($"Order '{command.OrderId}' would earn {exactTotal} points; the program allows at most {program.MaxPointsPerCommand} per command (MaxPointsPerCommand).");
        }

        var total = Points.FromInt64((long)exactTotal);
        MemberCap.CountEarned(draft, total);
        var sequence = draft.NextSequence();
        var movements = draft.Moves();
        var settled = Points.Zero;
        long? lotId = null;
        if (total.IsPositive)
        {
            var availableAt = program.AvailableAt(command.OrderedAt);
            settled = draft.Credit(sequence, total, availableAt > draft.Now ? availableAt : draft.Now, command.OrderId, movements);
            lotId = sequence;
        }

        var spend = AccrualLines.QualifyingSpend(lines);
        var entry = draft.Entry(sequence, LedgerEntryKind.Earn, total, movements.ToArray(), orderId: command.OrderId, debtChange: settled.Negate(),
            qualifying: new QualifyingChange(orderDate, total.Value, spend, spend > 0 ? 1 : 0));
        draft.Add(entry, PointsEvents.Earned(entry));
        draft.Records.Accrual = new OrderAccrual
        {
            ProgramId = program.Id,
            MemberId = command.MemberId,
            OrderId = command.OrderId,
            EarnSequence = sequence,
            LotId = lotId,
            OrderedAt = command.OrderedAt,
            Currency = command.Currency,
            ExchangeRate = rate,
            Lines = lines,
            TotalPoints = total,
        };
        draft.MarkActivity();
        TaskCounting.Count(draft, EngagementTask.OrderAction);
        return null;
    }
}
