using System;
using System.Collections.Generic;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Tiers;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions;

/// <summary>
/// One account while one command is decided: what the store loaded, and everything the command's handler changes —
/// lots, movements, entries with their events, counters, debt and sequence — until <see cref="Build"/> turns it into
/// a change set. Handlers read and write the draft; nothing here knows which command is running.
/// </summary>
internal sealed class AccountDraft
{
    private readonly List<LedgerEntry> _entries = new(2);
    private readonly List<LotMovement> _moves = new(4);
    private readonly Func<string>? _newVoucherCode;
    private readonly bool _withEvents;
    private List<LoyaltyEvent>? _entryEvents;
    private List<LoyaltyEvent>? _otherEvents;
    private Points _debt;
    private long _sequence;
    private Instant? _lastActivity;
    private Points _credited;
    private LocalDate? _today;

    public AccountDraft(LoyaltyProgram program, LedgerContext loaded, LedgerCommand command, Instant now, Func<string>? newVoucherCode, bool withEvents)
    {
        Program = program;
        Loaded = loaded;
        Command = command;
        Now = now;
        _newVoucherCode = newVoucherCode;
        _withEvents = withEvents;
        var state = loaded.Account;
        Lots = new LotBook(state.OpenLots, loaded.RedemptionLots);
        Counters = new CounterSet(state.Counters);
        Records = new DraftRecords { Profile = state.Profile };
        _debt = state.Debt;
        _sequence = state.LastSequence;
        _lastActivity = state.LastActivityAt;
        if (program.Tiers is { } ladder)
        {
            Tiers = TierMachine.Start(ladder, program.TimeZone, state.Tier, now);
        }
    }

    public LoyaltyProgram Program { get; }

    /// <summary>Gets what the store loaded for the command.</summary>
    public LedgerContext Loaded { get; }

    public AccountState Before => Loaded.Account;

    public bool Exists => Loaded.Account.Exists;

    public LedgerCommand Command { get; }

    /// <summary>Gets the decision's instant, never earlier than the account's last commit.</summary>
    public Instant Now { get; }

    /// <summary>Gets the decision's local date in the program's zone (computed once, when first needed).</summary>
    public LocalDate Today => _today ??= Now.InZone(Program.TimeZone).Date;

    public LotBook Lots { get; }

    public CounterSet Counters { get; }

    public DraftRecords Records { get; }

    /// <summary>Gets the member's tier machine, for programs with a ladder.</summary>
    public TierMachine? Tiers { get; }

    /// <summary>Makes a voucher code (the cryptographic generator unless a test gave another).</summary>
    public string NewVoucherCode() => _newVoucherCode is { } make ? make() : Engagement.VoucherCodes.New();

    /// <summary>Gets the points available now: open lots neither pending nor expired, less the debt.</summary>
    public Points AvailableNow => Lots.Available(Now) - _debt;

    public long NextSequence() => ++_sequence;

    /// <summary>The shared movement buffer, emptied; copy it into the entry (<c>ToArray</c>) before the next call.</summary>
    public List<LotMovement> Moves()
    {
        _moves.Clear();
        return _moves;
    }

    /// <summary>Adds an entry and, when it has one, the event it publishes (events keep entry order).</summary>
    public void Add(LedgerEntry entry, LoyaltyEvent? published = null)
    {
        _entries.Add(entry);
        if (published is not null && _withEvents)
        {
            published.OccurredAt = entry.At;
            (_entryEvents ??= new List<LoyaltyEvent>(2)).Add(published);
        }
    }

    /// <summary>Publishes an event that belongs to no entry (a task completed, a reward claimed); these follow the entries' events.</summary>
    public void Publish(LoyaltyEvent e)
    {
        if (_withEvents)
        {
            e.OccurredAt = Now;
            (_otherEvents ??= []).Add(e);
        }
    }

    /// <summary>Builds an entry of this command; its qualifying change, if any, counts toward the member's tier now.</summary>
    public LedgerEntry Entry(
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
        QualifyingChange? qualifying = null)
    {
        if (qualifying is { } change)
        {
            Tiers?.Contribute(change, Now);
        }

        return new LedgerEntry
        {
            ProgramId = Program.Id,
            MemberId = Command.MemberId,
            Sequence = sequence,
            Kind = kind,
            Amount = amount,
            At = at ?? Now,
            RecordedAt = Now,
            CommandKey = Command.Key,
            Movements = movements,
            OrderId = orderId,
            ActivityType = activityType,
            RedemptionKey = redemptionKey,
            Reason = reason,
            DebtChange = debtChange,
            WrittenOff = writtenOff,
            Tier = tier,
            Qualifying = qualifying,
        };
    }

    /// <summary>Creates a lot for a credit, netting any debt against it first. Returns the debt settled.</summary>
    public Points Credit(long lotId, Points points, Instant availableAt, string? orderId, List<LotMovement> movements)
    {
        _credited += points;
        var settled = Points.Min(_debt, points);
        _debt -= settled;
        var remaining = points - settled;
        Lots.Update(new Lot
        {
            ProgramId = Program.Id,
            MemberId = Command.MemberId,
            Id = lotId,
            Points = points,
            Remaining = remaining,
            CreatedAt = Now,
            AvailableAt = availableAt,
            ExpiresAt = Program.Expiry.ExpiresAt(Now, Program.TimeZone),
            OrderId = orderId,
        });
        if (remaining.IsPositive)
        {
            movements.Add(new LotMovement(lotId, remaining));
        }

        return settled;
    }

    /// <summary>Credits points as an Adjust entry (corrections and gifts): it does not count toward tiers.</summary>
    public void CreditAdjustment(Points points, string reason)
    {
        var sequence = NextSequence();
        var movements = Moves();
        var settled = Credit(sequence, points, Now, null, movements);
        var entry = Entry(sequence, LedgerEntryKind.Adjust, points, movements.ToArray(), reason: reason, debtChange: settled.Negate());
        Add(entry, PointsEvents.Earned(entry));
    }

    /// <summary>Adds clawed-back points the member does not have to the debt.</summary>
    public void AddDebt(Points points) => _debt += points;

    /// <summary>Settles up to <paramref name="points"/> of debt; returns what was settled.</summary>
    public Points SettleDebt(Points points)
    {
        var settle = Points.Min(_debt, points);
        _debt -= settle;
        return settle;
    }

    /// <summary>
    /// Spends available points, soonest-expiring first, as a Redeem entry and a redemption record keyed by the command
    /// (which a refund or a cancel reverses). Returns the entry's sequence.
    /// </summary>
    public long Debit(Points points, string? orderId, string? rewardId)
    {
        var sequence = NextSequence();
        var movements = Moves();
        var allocations = new List<LotAllocation>();
        Lots.Take(points, Lots.Candidates(Now, available: true, except: null), movements, allocations);
        var entry = Entry(sequence, LedgerEntryKind.Redeem, points.Negate(), movements.ToArray(), orderId: orderId, reason: rewardId is null ? null : "reward:" + rewardId);
        Add(entry, new PointsRedeemed { Points = points.Value, Sequence = sequence, OrderId = orderId, RewardId = rewardId });
        Records.Redemption = new RedemptionRecord
        {
            ProgramId = Program.Id,
            MemberId = Command.MemberId,
            Key = Command.Key,
            Sequence = sequence,
            OrderId = orderId,
            At = Now,
            Points = points,
            Allocations = allocations,
        };
        return sequence;
    }

    /// <summary>Records the member's activity now (earns, redemptions), extending lot expiries when the program says so.</summary>
    public void MarkActivity()
    {
        _lastActivity = Now;
        if (Program.Expiry.ExtendsOnActivity)
        {
            Lots.ExtendTo(Program.Expiry.ExpiresAt(Now, Program.TimeZone));
        }
    }

    /// <summary>Expires the open lots whose expiry has passed, each as an Expire entry at its own instant.</summary>
    public void MaterialiseExpiries()
    {
        if (Lots.ExpiredAt(Now) is not { } due)
        {
            return;
        }

        foreach (var lot in due)
        {
            var sequence = NextSequence();
            var entry = Entry(sequence, LedgerEntryKind.Expire, lot.Remaining.Negate(), [new LotMovement(lot.Id, lot.Remaining.Negate())], at: lot.ExpiresAt!.Value);
            Add(entry, PointsEvents.Expired(entry));
            Lots.Update(lot with { Remaining = Points.Zero });
        }
    }

    /// <summary>Applies the tier reviews due by now.</summary>
    public void ReviewTiers()
    {
        Tiers?.Advance(Now);
        RecordTierChanges();
    }

    /// <summary>Writes a TierChange entry (and event) for each change the tier machine made since the last call.</summary>
    public void RecordTierChanges()
    {
        if (Tiers is null)
        {
            return;
        }

        foreach (var change in Tiers.TakeChanges())
        {
            var entry = Entry(NextSequence(), LedgerEntryKind.TierChange, Points.Zero, [], at: change.At, reason: change.Reason, tier: change.ToTierId);
            Add(entry, new TierChanged { FromTier = change.FromTierId, ToTier = change.ToTierId, Reason = change.Reason });
        }
    }

    /// <summary>
    /// The program's bounds, checked once for every command: no entry of its own moves more than MaxPointsPerCommand
    /// (materialised expiries are not the command's), and the member's lifetime credits stay within MaxPointsPerMember.
    /// </summary>
    public Rejection? CheckLimits()
    {
        var max = Program.MaxPointsPerCommand.Value;
        foreach (var entry in _entries)
        {
            if (entry.Kind is not (LedgerEntryKind.Expire or LedgerEntryKind.TierChange or LedgerEntryKind.TierFloor) &&
                (entry.Amount.Value > max || entry.Amount.Value < -max))
            {
                return Rejections.LimitExceeded($"The command would move {entry.Amount} points in one {entry.Kind} entry; the program allows at most {max} per command (MaxPointsPerCommand).");
            }
        }

        if (_credited.IsPositive)
        {
            var before = Counters.Value(CounterKey.Credited);
            if (_credited.Value > Program.MaxPointsPerMember.Value - before)
            {
                return Rejections.LimitExceeded($"Member '{Command.MemberId}' was credited {before} points so far; {_credited} more would pass the {Program.MaxPointsPerMember} the program allows per member (MaxPointsPerMember).");
            }

            Counters.Add(CounterKey.Credited, null, _credited.Value);
        }

        return null;
    }

    /// <summary>The change set: new entries, changed lots and records, the new account state, events and idempotency record.</summary>
    public LedgerChangeSet Build()
    {
        var open = Lots.SortedOpen();
        Instant? nextDue = null;
        foreach (var lot in open)
        {
            if (lot.ExpiresAt is { } e && (nextDue is null || e < nextDue))
            {
                nextDue = e;
            }
        }

        if (Tiers?.NextReviewAt is { } review && (nextDue is null || review < nextDue))
        {
            nextDue = review;
        }

        var before = Loaded.Account;
        var profile = Records.Profile;
        var state = before with
        {
            ProgramId = Program.Id,
            MemberId = Command.MemberId,
            Version = before.Version + 1,
            LastSequence = _sequence,
            Debt = _debt,
            LastRecordedAt = Now,
            LastActivityAt = _lastActivity,
            NextDueAt = nextDue,
            OpenLots = open,
            Counters = Counters.Current,
            Tier = Tiers?.ToState(Now) ?? before.Tier,
            Profile = before.Exists ? profile : profile is null ? new Engagement.MemberProfile { EnrolledAt = Now } : profile with { EnrolledAt = Now },
        };
        return new LedgerChangeSet
        {
            ExpectedVersion = before.Version,
            NewState = state,
            Entries = _entries,
            Lots = Lots.SortedChanged(),
            Accrual = Records.Accrual,
            AccrualIsNew = Records.Accrual is not null && Loaded.Accrual is null,
            Redemption = Records.Redemption,
            Claim = Records.Claim,
            Stock = Records.Stock,
            Quota = Records.Quota,
            Events = StampEvents(),
            Idempotency = new IdempotencyRecord
            {
                ProgramId = Program.Id,
                Key = Command.Key,
                MemberId = Command.MemberId,
                Fingerprint = Command.PayloadFingerprint,
                FirstSequence = before.LastSequence + 1,
                LastSequence = _sequence,
                Version = state.Version,
                Balance = Balances.FromState(state, Now),
                RecordedAt = Now,
            },
        };
    }

    /// <summary>
    /// Sets the events' ids and headers: the entries' events in entry order, then the others, with ids
    /// <c>{member length}:{member}/{command key}#{ordinal}</c> (unique within the program, stable across retries).
    /// </summary>
    private IReadOnlyList<LoyaltyEvent> StampEvents()
    {
        var events = _entryEvents;
        if (_otherEvents is { } others)
        {
            (events ??= new List<LoyaltyEvent>(others.Count)).AddRange(others);
        }

        if (events is null)
        {
            return [];
        }

        // Keys are scoped to their member, so the id names both; the member's length first makes it unambiguous.
        var member = Command.MemberId.Value;
        for (var ordinal = 0; ordinal < events.Count; ordinal++)
        {
            var e = events[ordinal];
            e.EventId = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{member.Length}:{member}/{Command.Key.Value}#{ordinal}");
            e.ProgramId = Program.Id.Value;
            e.MemberId = member;
            e.CommandKey = Command.Key.Value;
        }

        return events;
    }
}
