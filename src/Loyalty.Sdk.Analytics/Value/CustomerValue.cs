using Loyalty.Sdk.Analytics.Churn;

namespace Loyalty.Sdk.Analytics.Value;

/// <summary>What one customer is worth, and what is at risk.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Customer">The customer index.</param>
/// <param name="Summary">x, t_x and T.</param>
/// <param name="ProbabilityAlive">P(alive): the probability the customer is still active.</param>
/// <param name="ExpectedPurchases">The expected purchases over the horizon (churn included).</param>
/// <param name="ExpectedSpend">E[M], the expected value of a purchase.</param>
/// <param name="Clv">The expected CLV over the horizon (churn included).</param>
/// <param name="ValueAtRisk">
/// The value lost if the customer has churned: the CLV they would bring if still active (CLV / P(alive)) times the
/// probability they are not (1 − P(alive)). Multiplying the expected CLV itself by the churn probability would count
/// churn twice. 0 for a customer the model holds certainly gone (P(alive) below 1e-9).
/// </param>
public sealed record CustomerValue(int Customer, CustomerSummary Summary, double ProbabilityAlive, double ExpectedPurchases, double ExpectedSpend, double Clv, double ValueAtRisk);
