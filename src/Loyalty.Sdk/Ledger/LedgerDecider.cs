using System;
using System.Collections.Generic;
using System.Globalization;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Tiers;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>The outcome of deciding a command: the changes to commit, or a rejection.</summary>
internal readonly record struct LedgerDecision(LedgerChangeSet? Changes, Rejection? Rejection, Instant Now);

/// <summary>
/// The functional core of the ledger: (account state, command, program, now) → entries, lot changes and the new
/// state, or a typed rejection. Pure: it reads nothing but its arguments and writes nothing; the store commits.
/// </summary>
internal sealed partial class LedgerDecider
{
    private static readonly Comparison<Lot> ConsumptionOrder = (x, y) =>
    {
        // Soonest-expiring first, never-expiring last, ties by earliest earned, then by id.
        var byExpiry = (x.ExpiresAt ?? Instant.MaxValue).CompareTo(y.ExpiresAt ?? Instant.MaxValue);
        if (byExpiry != 0)
        {
            return byExpiry;
        }

        var byCreation = x.CreatedAt.CompareTo(y.CreatedAt);
        return byCreation != 0 ? byCreation : x.Id.CompareTo(y.Id);
    };

    private static readonly Comparison<Lot> ById = (x, y) => x.Id.CompareTo(y.Id);

    private static readonly Comparison<Lot> ByExpiryThenId = (x, y) =>
        x.ExpiresAt!.Value != y.ExpiresAt!.Value ? x.ExpiresAt.Value.CompareTo(y.ExpiresAt.Value) : x.Id.CompareTo(y.Id);

    private readonly LoyaltyProgram _program;
    private readonly LedgerContext _context;
    private readonly AccountState _state;
    private readonly LedgerCommand _command;
    private readonly Instant _now;
    private readonly List<Lot> _open;
    private readonly List<Lot> _changedLots = new(2);
    private readonly List<Lot> _scratch = new(4);
    private readonly List<LotMovement> _moves = new(4);
    private readonly List<PeriodCounter> _counters;
    private LocalDate? _today;
    private readonly List<LedgerEntry> _entries = new(2);
    private Points _debt;
    private long _sequence;
    private Instant? _lastActivity;
    private OrderAccrual? _accrual;
    private RedemptionRecord? _redemption;
    private TierMachine? _tiers;
    private RewardClaim? _claim;
    private StockChange? _stock;
    private QuotaChange? _quota;
    private MemberProfile? _profile;
    private List<LoyaltyEvent>? _extraEvents;
    private readonly Func<string>? _newVoucherCode;
    private readonly bool _withEvents;

    /// <summary>The lifetime counter of points credited to the member (earns, activities, adjustments, grants), bounded by MaxPointsPerMember.</summary>
    private const string CreditedCounter = "credited";

    private Points _credited;

    private LedgerDecider(LoyaltyProgram program, LedgerContext context, LedgerCommand command, Instant now, Func<string>? newVoucherCode, bool withEvents)
    {
        _withEvents = withEvents;
        _newVoucherCode = newVoucherCode;
        _profile = context.Account.Profile;
        _program = program;
        _context = context;
        _state = context.Account;
        _command = command;
        _now = now;
        _open = new List<Lot>(_state.OpenLots.Count + 1);
        _open.AddRange(_state.OpenLots);
        _debt = _state.Debt;
        _sequence = _state.LastSequence;
        _lastActivity = _state.LastActivityAt;
        _counters = [.. _state.Counters];
    }

    /// <summary>
    /// Decides a command. "Now" is the clock's instant to the microsecond, and never earlier than the account's last
    /// commit: time does not run backwards within an account even when app servers' clocks disagree.
    /// </summary>
    /// <param name="program">The program.</param>
    /// <param name="context">What the store loaded.</param>
    /// <param name="command">The command.</param>
    /// <param name="clockNow">The clock's instant.</param>
    /// <param name="newVoucherCode">Makes voucher codes; the cryptographic generator when null.</param>
    /// <param name="withEvents">Whether to build the decision's domain events (not for previews, which never commit).</param>
    public static LedgerDecision Decide(LoyaltyProgram program, LedgerContext context, LedgerCommand command, Instant clockNow, Func<string>? newVoucherCode = null, bool withEvents = true)
    {
        var last = context.Account.LastRecordedAt;
        var tick = Instants.ToMicroseconds(clockNow);
        var now = last is { } l && l > tick ? l : tick;
        var decider = new LedgerDecider(program, context, command, now, newVoucherCode, withEvents);
        try
        {
            decider.MaterialiseExpiries();
            decider.StartTiers();
            return decider.Run(command);
        }
        catch (OverflowException ex)
        {
            // A last line of defence: the bounds keep every sum inside 64 bits, and a decision is pure, so nothing changed.
            return new LedgerDecision(null, LimitExceeded($"The command's arithmetic passed a 64-bit or decimal bound ({ex.Message})."), now);
        }
    }

    private LedgerDecision Run(LedgerCommand command)
    {
        var rejection = command switch
        {
            EarnCommand earn => Earn(earn),
            EarnActivityCommand activity => EarnActivity(activity),
            RedeemCommand redeem => Redeem(redeem),
            ReverseEarnCommand reverse => Reverse(reverse),
            RefundRedemptionCommand refund => Refund(refund),
            AdjustCommand adjust => Adjust(adjust),
            ExpireCommand => Expire(),
            SetTierFloorCommand floor => SetTierFloor(floor),
            RedeemRewardCommand reward => RedeemReward(reward),
            FulfilRewardCommand fulfil => Fulfil(fulfil),
            CancelRewardCommand cancel => Cancel(cancel),
            UseVoucherCommand voucher => UseVoucher(voucher),
            SetProfileCommand profile => SetProfile(profile),
            GrantCelebrationCommand celebration => Celebrate(celebration),
            RemindExpiringCommand remind => RemindExpiring(remind),
            WinBackCommand winBack => WinBack(winBack),
            _ => throw new ArgumentException($"Unknown command type {command.GetType()}.", nameof(command)),
        };
        rejection ??= CheckLimits();
        if (rejection is null)
        {
            RecordTierChanges();
        }

        return rejection is null
            ? new LedgerDecision(BuildChanges(), null, _now)
            : new LedgerDecision(null, rejection, _now);
    }

    /// <summary>
    /// The program's bounds, checked once for every command: no entry of its own moves more than MaxPointsPerCommand
    /// (materialised expiries are not the command's), and the member's lifetime credits stay within MaxPointsPerMember.
    /// </summary>
    private Rejection? CheckLimits()
    {
        var max = _program.MaxPointsPerCommand.Value;
        foreach (var entry in _entries)
        {
            if (entry.Kind is not (LedgerEntryKind.Expire or LedgerEntryKind.TierChange or LedgerEntryKind.TierFloor) &&
                (entry.Amount.Value > max || entry.Amount.Value < -max))
            {
                return LimitExceeded($"The command would move {entry.Amount} points in one {entry.Kind} entry; the program allows at most {max} per command (MaxPointsPerCommand).");
            }
        }

        if (_credited.IsPositive)
        {
            var before = PeriodCounters.Value(_counters, CreditedCounter, Lifetime);
            if (_credited.Value > _program.MaxPointsPerMember.Value - before)
            {
                return LimitExceeded($"Member '{_command.MemberId}' was credited {before} points so far; {_credited} more would pass the {_program.MaxPointsPerMember} the program allows per member (MaxPointsPerMember).");
            }

            PeriodCounters.Add(_counters, CreditedCounter, Lifetime, _credited.Value);
        }

        return null;
    }

    private void MaterialiseExpiries()
    {
        List<Lot>? due = null;
        foreach (var lot in _open)
        {
            if (lot.IsExpiredAt(_now))
            {
                (due ??= new List<Lot>()).Add(lot);
            }
        }

        if (due is null)
        {
            return;
        }

        due.Sort(ByExpiryThenId);
        foreach (var lot in due)
        {
            var sequence = ++_sequence;
            _entries.Add(NewEntry(sequence, LedgerEntryKind.Expire, lot.Remaining.Negate(), [new LotMovement(lot.Id, lot.Remaining.Negate())], at: lot.ExpiresAt!.Value));
            Update(lot with { Remaining = Points.Zero });
        }
    }

    /// <summary>Loads the tier machine (programs with a ladder) and applies the reviews due by now.</summary>
    private void StartTiers()
    {
        if (_program.Tiers is not { } ladder)
        {
            return;
        }

        _tiers = TierMachine.Start(ladder, _program.TimeZone, _state.Tier, _now);
        _tiers.Advance(_now);
        RecordTierChanges();
    }

    private void RecordTierChanges()
    {
        if (_tiers is null)
        {
            return;
        }

        foreach (var change in _tiers.TakeChanges())
        {
            _entries.Add(NewEntry(++_sequence, LedgerEntryKind.TierChange, Points.Zero, [], at: change.At, reason: change.Reason, tier: change.ToTierId));
        }
    }

    private Rejection? SetTierFloor(SetTierFloorCommand command)
    {
        if (_tiers is null || (command.TierId is { } id && _program.Tiers!.IndexOf(id) < 0))
        {
            return Reject(RejectionReason.UnknownTier, _tiers is null
                ? $"Program '{_program.Id}' has no tier ladder."
                : $"Tier '{command.TierId}' is not in the ladder of program '{_program.Id}'.");
        }

        _entries.Add(NewEntry(++_sequence, LedgerEntryKind.TierFloor, Points.Zero, [], reason: command.Reason, tier: command.TierId));
        _tiers.SetFloor(command.TierId, _now, command.Reason);
        return null;
    }

    /// <summary>Adds a qualifying change to the entry's record and to the tier totals (which may promote).</summary>
    private QualifyingChange Qualify(QualifyingChange change)
    {
        _tiers?.Contribute(change, _now);
        return change;
    }

    private static bool Qualifies(AccrualLine line)
    {
        foreach (var rule in line.Rules)
        {
            if (rule.StartsWith("excluded:", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private Rejection? Earn(EarnCommand command)
    {
        if (_context.Accrual is { } existing)
        {
            return Reject(RejectionReason.OrderAlreadyEarned, $"Order '{command.OrderId}' already earned {existing.TotalPoints} points (entry {existing.EarnSequence}).");
        }

        var rate = 1m;
        if (command.Currency != _program.BaseCurrency &&
            (_program.ExchangeRates is null || !_program.ExchangeRates.TryGetRate(command.Currency, _program.BaseCurrency, command.OrderedAt, out rate) || rate <= 0))
        {
            return Reject(RejectionReason.ExchangeRateUnavailable, $"No exchange rate from {command.Currency} to {_program.BaseCurrency} at {command.OrderedAt}.");
        }

        // The part paid with points earns nothing (when so configured): every line earns on the same cash share.
        var cashShare = 1m;
        if (_program.EarnOnCashPartOnly && command.PaidWithPoints is { Amount: > 0 } paid)
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
                return LimitExceeded($"Line '{line.LineId}' converted at {rate} does not fit in a decimal amount.");
            }

            priced[i] = (line, converted);
        }

        var orderDate = command.OrderedAt.InZone(_program.TimeZone).Date;
        var lines = _program.Earning.Apply(priced, orderDate, _program.PointsPerCurrencyUnit, _program.Rounding, out var overLimit, _tiers?.Current, command.Segments);
        if (lines is null)
        {
            return LimitExceeded(overLimit!);
        }

        if (cashShare != 1m)
        {
            var rule = "cash-part:" + cashShare.ToString("0.####", CultureInfo.InvariantCulture);
            for (var i = 0; i < lines.Length; i++)
            {
                lines[i] = lines[i] with { Rules = [rule, .. lines[i].Rules] };
            }
        }

        if (MemberAllowance() is { } allowance)
        {
            lines = EarningRules.Cap(lines, allowance.Points, allowance.Rule);
        }

        // Summed in decimal after the caps: uncapped, 10,000 lines may pass 64 bits, and the bound reads better here.
        var exactTotal = 0m;
        foreach (var line in lines)
        {
            exactTotal += line.Points.Value;
        }

        if (exactTotal > _program.MaxPointsPerCommand.Value)
        {
            return LimitExceeded($"Order '{command.OrderId}' would earn {exactTotal} points; the program allows at most {_program.MaxPointsPerCommand} per command (MaxPointsPerCommand).");
        }

        var total = Points.FromInt64((long)exactTotal);

        CountEarned(total);
        var sequence = ++_sequence;
        var movements = Moves();
        var settled = Points.Zero;
        long? lotId = null;
        if (total.IsPositive)
        {
            var availableAt = _program.AvailableAt(command.OrderedAt);
            settled = Credit(sequence, total, availableAt > _now ? availableAt : _now, command.OrderId, movements);
            lotId = sequence;
        }

        var spend = 0m;
        foreach (var line in lines)
        {
            spend += Qualifies(line) ? line.BaseAmount : 0m;
        }

        _entries.Add(NewEntry(sequence, LedgerEntryKind.Earn, total, movements.ToArray(), orderId: command.OrderId, debtChange: settled.Negate(),
            qualifying: new QualifyingChange(orderDate, total.Value, spend, spend > 0 ? 1 : 0)));
        _accrual = new OrderAccrual
        {
            ProgramId = _program.Id,
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
        MarkActivity();
        CountTaskActions(EngagementTask.OrderAction);
        return null;
    }

    private Rejection? EarnActivity(EarnActivityCommand command)
    {
        var rule = _program.Earning.Activities.GetValueOrDefault(command.ActivityType);
        if ((command.Points ?? rule?.Points ?? (CountsForTask(command.ActivityType) ? Points.Zero : null)) is not { } points)
        {
            return Reject(RejectionReason.UnknownActivity, $"The program has no rule or task for activity '{command.ActivityType}', and no points were given.");
        }

        var counter = "activity:" + command.ActivityType;
        if (rule?.MaxPerPeriod is { } limit)
        {
            var start = PeriodCounters.Start(rule.Period, Today);
            if (PeriodCounters.Value(_counters, counter, start) >= limit)
            {
                return Reject(RejectionReason.ActivityCapReached, $"Activity '{command.ActivityType}' earns at most {limit} time(s) per {PeriodCounters.Describe(rule.Period, start)}.");
            }

            PeriodCounters.Add(_counters, counter, start, 1);
        }

        if (MemberAllowance() is { } allowance)
        {
            if (!allowance.Points.IsPositive)
            {
                return Reject(RejectionReason.PeriodCapReached, $"Member '{command.MemberId}' has earned the most points allowed ({allowance.Rule}).");
            }

            points = Points.Min(points, allowance.Points);
        }

        CountEarned(points);
        CreditActivity(points, command.ActivityType);
        MarkActivity();
        CountTaskActions(command.ActivityType);
        return null;
    }

    /// <summary>Writes an activity's Earn entry (a lot when there are points); its points count toward tiers.</summary>
    private void CreditActivity(Points points, string activityType)
    {
        var sequence = ++_sequence;
        var movements = Moves();
        var settled = points.IsPositive ? Credit(sequence, points, _now, null, movements) : Points.Zero;
        _entries.Add(NewEntry(sequence, LedgerEntryKind.Earn, points, movements.ToArray(), activityType: activityType, debtChange: settled.Negate(),
            qualifying: new QualifyingChange(Today, points.Value, 0m, 0)));
    }

    private bool CountsForTask(string action)
    {
        foreach (var task in _program.Engagement.Tasks)
        {
            if (string.Equals(task.Action, action, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts one action toward every task of that action; a task reaching its count awards its points, once per period.</summary>
    private void CountTaskActions(string action)
    {
        foreach (var task in _program.Engagement.Tasks)
        {
            if (!string.Equals(task.Action, action, StringComparison.Ordinal))
            {
                continue;
            }

            var start = PeriodCounters.Start(task.Period, Today);
            var done = PeriodCounters.Value(_counters, task.CounterName, start);
            if (done >= task.Count)
            {
                continue; // completed this period: further actions count for nothing
            }

            PeriodCounters.Add(_counters, task.CounterName, start, 1);
            if (done + 1 < task.Count)
            {
                continue;
            }

            CreditActivity(Points.FromInt64(task.Points), task.CounterName);
            AddEvent(new TaskCompleted
            {
                TaskId = task.Id,
                PeriodStart = start.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
                Points = task.Points,
            });
        }
    }

    /// <summary>Gets the decision's local date in the program's zone (computed once, only when a cap needs it).</summary>
    private LocalDate Today => _today ??= _now.InZone(_program.TimeZone).Date;

    /// <summary>What the member may still earn in the current cap period, if the program caps it.</summary>
    private (Points Points, string Rule)? MemberAllowance()
    {
        if (_program.Earning.MaxPointsPerMemberPerPeriod is not { } cap)
        {
            return null;
        }

        var period = _program.Earning.MemberCapPeriod;
        var start = PeriodCounters.Start(period, Today);
        var left = Math.Max(0, cap.Value - PeriodCounters.Value(_counters, "earned", start));
        return (Points.FromInt64(left), $"member-cap:{cap} per {PeriodCounters.Describe(period, start)}");
    }

    /// <summary>Adds earned points to the current cap period's counter (gross: returns do not give the allowance back).</summary>
    private void CountEarned(Points points)
    {
        if (_program.Earning.MaxPointsPerMemberPerPeriod is not null)
        {
            var start = PeriodCounters.Start(_program.Earning.MemberCapPeriod, Today);
            PeriodCounters.Add(_counters, "earned", start, points.Value);
        }
    }

    private Rejection? Redeem(RedeemCommand command)
    {
        if (!_state.Exists)
        {
            return UnknownMember();
        }

        if (command.Points < _program.MinimumRedemption)
        {
            return Reject(RejectionReason.BelowMinimum, $"A redemption must use at least {_program.MinimumRedemption} points; {command.Points} were requested.");
        }

        if (_program.MaximumRedemptionPerOrder is { } maximum && command.Points > maximum)
        {
            return Reject(RejectionReason.AboveMaximumPerOrder, $"Rule MaximumRedemptionPointsPerOrder: at most {maximum} points per order; {command.Points} were requested.");
        }

        if (_program.MaximumRedemptionShareOfOrder is { } share && ShareRule(command, share) is { } broken)
        {
            return broken;
        }

        var available = AvailableNow();
        if (command.Points > available)
        {
            return Reject(RejectionReason.InsufficientPoints, $"{command.Points} points were requested but only {available} are available.");
        }

        Debit(command.Points, command.OrderId, reason: null);
        MarkActivity();
        return null;
    }

    /// <summary>Spends available points, soonest-expiring first, as a Redeem entry and a redemption record keyed by the command (which a refund or a cancel reverses). Returns the entry's sequence.</summary>
    private long Debit(Points points, string? orderId, string? reason)
    {
        var sequence = ++_sequence;
        var movements = Moves();
        var allocations = new List<LotAllocation>();
        Take(points, Candidates(available: true, except: null), movements, allocations);
        _entries.Add(NewEntry(sequence, LedgerEntryKind.Redeem, points.Negate(), movements.ToArray(), orderId: orderId, reason: reason));
        _redemption = new RedemptionRecord
        {
            ProgramId = _program.Id,
            MemberId = _command.MemberId,
            Key = _command.Key,
            Sequence = sequence,
            OrderId = orderId,
            At = _now,
            Points = points,
            Allocations = allocations,
        };
        return sequence;
    }

    /// <summary>The points' value (points × point value) may be at most the share of the order's value, in the base currency.</summary>
    private Rejection? ShareRule(RedeemCommand command, decimal share)
    {
        if (command.OrderValue is not { } orderValue)
        {
            return Reject(RejectionReason.OrderValueRequired, "Rule MaximumRedemptionShareOfOrder: the redemption must give the order's value.");
        }

        var rate = 1m;
        if (orderValue.Currency != _program.BaseCurrency &&
            (_program.ExchangeRates is null || !_program.ExchangeRates.TryGetRate(orderValue.Currency, _program.BaseCurrency, _now, out rate) || rate <= 0))
        {
            return Reject(RejectionReason.ExchangeRateUnavailable, $"No exchange rate from {orderValue.Currency} to {_program.BaseCurrency} at {_now}.");
        }

        // An order value too large for decimal arithmetic allows any redemption: the share rule cannot bind it.
        if (!Exact.TryMultiply(orderValue.Amount, rate, out var value) || !Exact.TryMultiply(value, share, out value) ||
            !Exact.TryDivide(value, _program.PointValue, out var exactMax))
        {
            return null;
        }

        var maxPoints = decimal.Floor(exactMax);
        return command.Points.Value > maxPoints
            ? Reject(RejectionReason.AboveMaximumShareOfOrder, $"Rule MaximumRedemptionShareOfOrder: points may pay at most {share:P0} of {orderValue}, i.e. {maxPoints} points; {command.Points} were requested.")
            : null;
    }

    private Rejection? Reverse(ReverseEarnCommand command)
    {
        if (!_state.Exists)
        {
            return UnknownMember();
        }

        if (_context.Accrual is not { } accrual)
        {
            return Reject(RejectionReason.UnknownOrder, $"Order '{command.OrderId}' never earned points for member '{command.MemberId}'.");
        }

        var lines = new AccrualLine[accrual.Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = accrual.Lines[i];
        }

        var total = Points.Zero;
        var spendBefore = ReturnedSpend(lines);
        var countedBefore = !AllQualifyingReturned(lines);
        if (command.IsWholeOrder)
        {
            if (Array.TrueForAll(lines, l => l.ReturnedUnits == l.Units))
            {
                return Reject(RejectionReason.ReturnExceedsOrder, $"Order '{command.OrderId}' has been returned in full already.");
            }

            for (var i = 0; i < lines.Length; i++)
            {
                var open = lines[i].Units - lines[i].ReturnedUnits;
                if (open > 0)
                {
                    total += ReturnUnits(lines, i, open);
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
                    return Reject(RejectionReason.UnknownOrderLine, $"Order '{command.OrderId}' has no line '{returned.LineId}'.");
                }

                var open = lines[index].Units - lines[index].ReturnedUnits;
                if (returned.Units > open)
                {
                    return Reject(RejectionReason.ReturnExceedsOrder, $"Line '{returned.LineId}' of order '{command.OrderId}' has {open} unit(s) left to return; {returned.Units} were returned.");
                }

                total += ReturnUnits(lines, index, returned.Units);
            }
        }

        var sequence = ++_sequence;
        var movements = Moves();
        var left = total;
        if (accrual.LotId is { } ownId && FindOpen(ownId) is { } own)
        {
            left -= Take(left, [own], movements, null);
        }

        left -= Take(left, Candidates(available: true, except: accrual.LotId), movements, null);
        left -= Take(left, Candidates(available: false, except: accrual.LotId), movements, null);
        var debtChange = Points.Zero;
        var writtenOff = Points.Zero;
        if (left.IsPositive)
        {
            if (_program.ReversalPolicy == ReversalPolicy.Debt)
            {
                debtChange = left;
                _debt += left;
            }
            else
            {
                writtenOff = left;
            }
        }

        var orderSpend = 0m;
        foreach (var line in lines)
        {
            orderSpend += Qualifies(line) ? line.BaseAmount : 0m;
        }

        // An order stops counting once every qualifying line is back (a kept shipping line does not keep it).
        var qualifying = new QualifyingChange(
            accrual.OrderedAt.InZone(_program.TimeZone).Date,
            total.Negate().Value,
            spendBefore - ReturnedSpend(lines),
            countedBefore && orderSpend > 0 && AllQualifyingReturned(lines) ? -1 : 0);
        _entries.Add(NewEntry(sequence, LedgerEntryKind.Reverse, (total - writtenOff).Negate(), movements.ToArray(), orderId: command.OrderId, debtChange: debtChange, writtenOff: writtenOff,
            qualifying: qualifying));
        _accrual = accrual with { Lines = lines, ReversedPoints = accrual.ReversedPoints + total };
        return null;
    }

    /// <summary>
    /// The qualifying spend returned so far: each line's base amount × returned units ÷ units, rounded to 12 places
    /// (exactly the base amount once every unit is back), so that the changes of successive returns telescope.
    /// </summary>
    private static bool AllQualifyingReturned(AccrualLine[] lines) =>
        Array.TrueForAll(lines, l => !Qualifies(l) || l.ReturnedUnits == l.Units);

    private static decimal ReturnedSpend(AccrualLine[] lines)
    {
        var sum = 0m;
        foreach (var line in lines)
        {
            if (Qualifies(line) && line.ReturnedUnits > 0)
            {
                sum += line.ReturnedUnits == line.Units ? line.BaseAmount : decimal.Round(line.BaseAmount * line.ReturnedUnits / line.Units, 12);
            }
        }

        return sum;
    }

    /// <summary>
    /// Reverses returned units of one line: cumulative reversed points are the line's points × returned units ÷ units,
    /// rounded with the program's rounding, and exactly the line's points once every unit is returned.
    /// </summary>
    private Points ReturnUnits(AccrualLine[] lines, int index, int units)
    {
        var line = lines[index];
        var returned = line.ReturnedUnits + units;
        var cumulative = returned == line.Units
            ? line.Points
            : Points.Min(line.Points, _program.Round((decimal)line.Points.Value * returned / line.Units));
        var delta = cumulative - line.ReversedPoints;
        lines[index] = line with { ReturnedUnits = returned, ReversedPoints = cumulative };
        return delta;
    }

    private Rejection? Refund(RefundRedemptionCommand command)
    {
        if (!_state.Exists)
        {
            return UnknownMember();
        }

        if (_context.Redemption is not { } redemption)
        {
            return Reject(RejectionReason.UnknownRedemption, $"Member '{command.MemberId}' has no redemption '{command.RedemptionKey}'.");
        }

        var refundable = redemption.Points - redemption.RefundedPoints;
        var wanted = command.Points ?? refundable;
        if (refundable.IsZero || wanted > refundable)
        {
            return Reject(RejectionReason.RefundExceedsRedemption, $"Redemption '{redemption.Key}' has {refundable} point(s) left to refund; {wanted} were requested.");
        }

        RefundPoints(redemption, wanted);
        return null;
    }

    /// <summary>Returns points of a redemption to the lots it consumed, latest-consumed first; points of expired lots expire again at once.</summary>
    private void RefundPoints(RedemptionRecord redemption, Points wanted)
    {
        var allocations = new LotAllocation[redemption.Allocations.Count];
        for (var i = 0; i < allocations.Length; i++)
        {
            allocations[i] = redemption.Allocations[i];
        }

        var sequence = ++_sequence;
        var movements = Moves();
        List<LotMovement>? reExpired = null;
        var settled = Points.Zero;
        var expired = Points.Zero;
        var left = wanted;

        // Undo the consumption in reverse order: the last lots consumed (the latest-expiring) come back first.
        for (var i = allocations.Length - 1; i >= 0 && left.IsPositive; i--)
        {
            var allocation = allocations[i];
            var take = Points.Min(allocation.Consumed - allocation.Refunded, left);
            if (!take.IsPositive)
            {
                continue;
            }

            allocations[i] = allocation with { Refunded = allocation.Refunded + take };
            left -= take;
            var lot = FindAny(allocation.LotId);
            if (lot.IsExpiredAt(_now))
            {
                movements.Add(new LotMovement(lot.Id, take));
                (reExpired ??= new List<LotMovement>()).Add(new LotMovement(lot.Id, take.Negate()));
                expired += take;
                continue;
            }

            var settle = Points.Min(_debt, take);
            _debt -= settle;
            settled += settle;
            var restored = take - settle;
            if (restored.IsPositive)
            {
                Update(lot with { Remaining = lot.Remaining + restored });
                movements.Add(new LotMovement(lot.Id, restored));
            }
        }

        _entries.Add(NewEntry(sequence, LedgerEntryKind.RedemptionRefund, wanted, movements.ToArray(), orderId: redemption.OrderId, redemptionKey: redemption.Key, debtChange: settled.Negate()));
        if (reExpired is not null)
        {
            _entries.Add(NewEntry(++_sequence, LedgerEntryKind.Expire, expired.Negate(), reExpired.ToArray(), redemptionKey: redemption.Key));
        }

        _redemption = redemption with { RefundedPoints = redemption.RefundedPoints + wanted, Allocations = allocations };
    }

    /// <summary>Credits points as an Adjust entry (corrections and gifts): it does not count toward tiers.</summary>
    private void CreditAdjustment(Points points, string reason)
    {
        var sequence = ++_sequence;
        var movements = Moves();
        var settled = Credit(sequence, points, _now, null, movements);
        _entries.Add(NewEntry(sequence, LedgerEntryKind.Adjust, points, movements.ToArray(), reason: reason, debtChange: settled.Negate()));
    }

    private Rejection? Adjust(AdjustCommand command)
    {
        if (command.Points.IsPositive)
        {
            CreditAdjustment(command.Points, command.Reason);
            return null;
        }

        if (!_state.Exists)
        {
            return UnknownMember();
        }

        var needed = command.Points.Negate();
        var available = AvailableNow();
        if (needed > available)
        {
            return Reject(RejectionReason.InsufficientPoints, $"A correction of {command.Points} needs {needed} available points; {available} are available.");
        }

        var debitSequence = ++_sequence;
        var debits = Moves();
        Take(needed, Candidates(available: true, except: null), debits, null);
        _entries.Add(NewEntry(debitSequence, LedgerEntryKind.Adjust, command.Points, debits.ToArray(), reason: command.Reason));
        return null;
    }

    private Rejection? Expire() => _state.Exists ? null : UnknownMember();

    /// <summary>Creates a lot for a credit, netting any debt against it first. Returns the debt settled.</summary>
    private Points Credit(long lotId, Points points, Instant availableAt, string? orderId, List<LotMovement> movements)
    {
        _credited += points;
        var settled = Points.Min(_debt, points);
        _debt -= settled;
        var remaining = points - settled;
        Update(new Lot
        {
            ProgramId = _program.Id,
            MemberId = _command.MemberId,
            Id = lotId,
            Points = points,
            Remaining = remaining,
            CreatedAt = _now,
            AvailableAt = availableAt,
            ExpiresAt = _program.Expiry.ExpiresAt(_now, _program.TimeZone),
            OrderId = orderId,
        });
        if (remaining.IsPositive)
        {
            movements.Add(new LotMovement(lotId, remaining));
        }

        return settled;
    }

    /// <summary>Debits up to <paramref name="wanted"/> from the candidates in order. Returns what was taken.</summary>
    private Points Take(Points wanted, List<Lot> candidates, List<LotMovement> movements, List<LotAllocation>? allocations)
    {
        var left = wanted;
        foreach (var lot in candidates)
        {
            if (!left.IsPositive)
            {
                break;
            }

            var take = Points.Min(lot.Remaining, left);
            if (!take.IsPositive)
            {
                continue;
            }

            Update(lot with { Remaining = lot.Remaining - take });
            movements.Add(new LotMovement(lot.Id, take.Negate()));
            allocations?.Add(new LotAllocation(lot.Id, take, Points.Zero));
            left -= take;
        }

        return wanted - left;
    }

    /// <summary>Open lots that are available (or pending) now, in consumption order.</summary>
    private List<Lot> Candidates(bool available, long? except)
    {
        var result = _scratch;
        result.Clear();
        foreach (var lot in _open)
        {
            if (lot.Id != except && lot.Remaining.IsPositive && !lot.IsExpiredAt(_now) && lot.IsPendingAt(_now) != available)
            {
                result.Add(lot);
            }
        }

        result.Sort(ConsumptionOrder);
        return result;
    }

    private Points AvailableNow()
    {
        var sum = Points.Zero;
        foreach (var lot in _open)
        {
            if (!lot.IsPendingAt(_now) && !lot.IsExpiredAt(_now))
            {
                sum += lot.Remaining;
            }
        }

        return sum - _debt;
    }

    private void MarkActivity()
    {
        _lastActivity = _now;
        if (!_program.Expiry.ExtendsOnActivity)
        {
            return;
        }

        var deadline = _program.Expiry.ExpiresAt(_now, _program.TimeZone);
        foreach (var lot in _open.ToArray())
        {
            if (lot.ExpiresAt < deadline)
            {
                Update(lot with { ExpiresAt = deadline });
            }
        }
    }

    private List<LotMovement> Moves()
    {
        _moves.Clear();
        return _moves;
    }

    private static int IndexOf(List<Lot> lots, long id)
    {
        for (var i = 0; i < lots.Count; i++)
        {
            if (lots[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    private Lot? FindOpen(long id)
    {
        foreach (var lot in _open)
        {
            if (lot.Id == id)
            {
                return lot;
            }
        }

        return null;
    }

    private Lot FindAny(long id)
    {
        foreach (var changed in _changedLots)
        {
            if (changed.Id == id)
            {
                return changed;
            }
        }

        if (FindOpen(id) is { } open)
        {
            return open;
        }

        foreach (var lot in _context.RedemptionLots)
        {
            if (lot.Id == id)
            {
                return lot;
            }
        }

        throw new InvalidOperationException($"The store returned redemption '{_context.Redemption?.Key}' without its lot {id.ToString(CultureInfo.InvariantCulture)}.");
    }

    private void Update(Lot lot)
    {
        var changed = IndexOf(_changedLots, lot.Id);
        if (changed >= 0)
        {
            _changedLots[changed] = lot;
        }
        else
        {
            _changedLots.Add(lot);
        }

        var index = IndexOf(_open, lot.Id);
        if (lot.Remaining.IsPositive)
        {
            if (index >= 0)
            {
                _open[index] = lot;
            }
            else
            {
                _open.Add(lot);
            }
        }
        else if (index >= 0)
        {
            _open.RemoveAt(index);
        }
    }

    private LedgerEntry NewEntry(
        long sequence,
        LedgerEntryKind kind,
        Points amount,
        IReadOnlyList<LotMovement> movements,
        Instant? at = null,
        string? orderId = null,
        string? activityType = null,
        IdempotencyKey? redemptionKey = null,
        string? reason = null,
        Points debtChange = default,
        Points writtenOff = default,
        string? tier = null,
        QualifyingChange? qualifying = null) => new()
    {
        ProgramId = _program.Id,
        MemberId = _command.MemberId,
        Sequence = sequence,
        Kind = kind,
        Amount = amount,
        At = at ?? _now,
        RecordedAt = _now,
        CommandKey = _command.Key,
        Movements = movements,
        OrderId = orderId,
        ActivityType = activityType,
        RedemptionKey = redemptionKey,
        Reason = reason,
        DebtChange = debtChange,
        WrittenOff = writtenOff,
        Tier = tier,
        Qualifying = qualifying is { } q ? Qualify(q) : null,
    };

    private LedgerChangeSet BuildChanges()
    {
        _open.Sort(ById);
        Instant? nextExpiry = null;
        foreach (var lot in _open)
        {
            if (lot.ExpiresAt is { } e && (nextExpiry is null || e < nextExpiry))
            {
                nextExpiry = e;
            }
        }

        if (_tiers?.NextReviewAt is { } review && (nextExpiry is null || review < nextExpiry))
        {
            nextExpiry = review;
        }

        var state = _state with
        {
            ProgramId = _program.Id,
            MemberId = _command.MemberId,
            Version = _state.Version + 1,
            LastSequence = _sequence,
            Debt = _debt,
            LastRecordedAt = _now,
            LastActivityAt = _lastActivity,
            NextDueAt = nextExpiry,
            OpenLots = _open.ToArray(),
            Counters = _counters.ToArray(),
            Tier = _tiers?.ToState(_now) ?? _state.Tier,
            Profile = _state.Exists ? _profile : _profile is null ? new MemberProfile { EnrolledAt = _now } : _profile with { EnrolledAt = _now },
        };
        _changedLots.Sort(ById);
        var lots = _changedLots.ToArray();
        return new LedgerChangeSet
        {
            ExpectedVersion = _state.Version,
            NewState = state,
            Entries = _entries,
            Lots = lots,
            Accrual = _accrual,
            Redemption = _redemption,
            Claim = _claim,
            Stock = _stock,
            Quota = _quota,
            Events = BuildEvents(),
            Idempotency = new IdempotencyRecord
            {
                ProgramId = _program.Id,
                Key = _command.Key,
                MemberId = _command.MemberId,
                Fingerprint = _command.PayloadFingerprint,
                FirstSequence = _state.LastSequence + 1,
                LastSequence = _sequence,
                Version = state.Version,
                Balance = Balances.FromState(state, _now),
                RecordedAt = _now,
            },
        };
    }

    private Rejection UnknownMember() =>
        Reject(RejectionReason.UnknownMember, $"Member '{_command.MemberId}' has no account in program '{_program.Id}'.");

    private static Rejection Reject(RejectionReason reason, string message) => new(reason, message);

    private static Rejection LimitExceeded(string message) => new(RejectionReason.LimitExceeded, message);
}
