namespace Loyalty.Sdk.Analytics.Returns;

/// <summary>A purchase line or a return line, as <see cref="ReturnLinker"/> links them.</summary>
/// <param name="Customer">The customer index (for a return: -1 when the customer bought nothing).</param>
/// <param name="Order">
/// For a purchase: its order index (lines of one order share it), or -1 when the line is an order of its own. For a
/// return: the index of the purchase order it names (same customer), or -1 when it names none.
/// </param>
/// <param name="Product">The product index, or -1 when unknown.</param>
/// <param name="Time">When it happened, in any increasing unit (such as ticks); a return links only to earlier or simultaneous purchases by product.</param>
/// <param name="Quantity">The quantity (a return's as a positive number); ignored when linking by amount.</param>
/// <param name="Amount">The amount (a return's as a positive number).</param>
public readonly record struct LinkLine(int Customer, int Order, int Product, long Time, decimal Quantity, decimal Amount);
