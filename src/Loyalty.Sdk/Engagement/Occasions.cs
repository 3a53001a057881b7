using NodaTime;

namespace Loyalty.Sdk.Engagement;

/// <summary>When a birthday or anniversary is due: shared by the decider and the job's pre-filter.</summary>
internal static class Occasions
{
    /// <summary>
    /// The latest occasion on or before the local date of <paramref name="now"/> in the member's (or program's) zone,
    /// if it is within the rule's grace days; otherwise why not.
    /// </summary>
    public static (LocalDate? Occasion, string? Why) Due(CelebrationRule rule, MemberProfile? profile, Tiers.TierState? tier, DateTimeZone programZone, Instant now)
    {
        var zone = programZone;
        if (rule.InMemberTimeZone && profile?.TimeZoneId is { } zoneId && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } memberZone)
        {
            zone = memberZone;
        }

        var today = now.InZone(zone).Date;
        AnnualDate annual;
        var firstYear = int.MinValue;
        if (rule.Kind == CelebrationKind.Birthday)
        {
            if (profile?.Birthday is not { } birthday)
            {
                return (null, "the member has no birthday on file");
            }

            annual = birthday;
        }
        else
        {
            LocalDate enrolled;
            if (profile?.EnrolledAt is { } at)
            {
                enrolled = at.InZone(zone).Date;
            }
            else if (tier is not null)
            {
                enrolled = tier.EnrolledOn;
            }
            else
            {
                return (null, "the member's enrolment date is unknown");
            }

            annual = new AnnualDate(enrolled.Month, enrolled.Day);
            firstYear = enrolled.Year + 1;
        }

        var occasion = annual.InYear(today.Year);
        if (occasion > today)
        {
            occasion = annual.InYear(today.Year - 1);
        }

        var late = Period.DaysBetween(occasion, today);
        if (occasion.Year < firstYear || late > rule.GraceDays)
        {
            return (null, $"nothing is due on {today:uuuu-MM-dd} ({zone.Id}); the last occasion was {occasion:uuuu-MM-dd}, grace {rule.GraceDays} day(s)");
        }

        return (occasion, null);
    }
}
