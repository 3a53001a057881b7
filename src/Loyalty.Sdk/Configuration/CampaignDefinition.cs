using System.Collections.Generic;
using Loyalty.Sdk.Rules;
using NodaTime;

namespace Loyalty.Sdk.Configuration;

/// <summary>A campaign as data (see <see cref="Campaign"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class CampaignDefinition
{
    /// <summary>Gets or sets the campaign id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the multiplier.</summary>
    public decimal Multiplier { get; set; }

    /// <summary>Gets or sets the first local date, if any.</summary>
    public LocalDate? From { get; set; }

    /// <summary>Gets or sets the last local date, if any.</summary>
    public LocalDate? To { get; set; }

    /// <summary>Gets or sets the weekdays (empty: every day).</summary>
    public List<IsoDayOfWeek> Weekdays { get; set; } = [];

    /// <summary>Gets or sets the days of the month (empty: every day).</summary>
    public List<int> DaysOfMonth { get; set; } = [];

    /// <summary>Gets or sets the categories (empty: all).</summary>
    public List<string> Categories { get; set; } = [];

    /// <summary>Gets or sets the member tiers it is for (empty: every member).</summary>
    public List<string> Tiers { get; set; } = [];

    /// <summary>Gets or sets the member segments it is for (empty: every member).</summary>
    public List<string> Segments { get; set; } = [];
}
