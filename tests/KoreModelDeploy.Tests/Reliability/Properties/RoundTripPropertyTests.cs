using CsCheck;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Tests.Reliability.Properties;

/// <summary>A request written by the SDK reads back as the same request, whatever its values.</summary>
public sealed class RoundTripPropertyTests
{
    // JSON has no NaN or infinity, and a request without its required members is not a request; every other value,
    // valid or not, must survive the trip.
    private static readonly CsCheck.Gen<DeployModelRequest> Writable = RequestGenerators.Request.Where(r =>
        r.Name is not null && r.HyperParameters is { Temperature: var t, TopP: var p } && double.IsFinite(t) && double.IsFinite(p));

    [Fact]
    public void A_request_missing_a_required_member_is_refused_with_a_validation_error_naming_it()
    {
        var act = () => KoreModelDeployJson.ParseDeployModelRequest("""{"hyperParameters":{"temperature":1,"maxTokens":1,"topP":1,"topK":1},"deviceType":"g5.xlarge"}""");

        act.Should().Throw<KoreValidationException>().Which.Message.Should().Contain("name");
    }

    [Fact]
    public void Serialize_then_parse_gives_back_every_field()
    {
        Writable.Sample(
            request =>
            {
                var json = KoreModelDeployJson.Serialize(request);
                var back = KoreModelDeployJson.ParseDeployModelRequest(json);

                AssertSame(request, back);

                // An empty optimization value is written as null and read back as absent; from then on the text is stable.
                var again = KoreModelDeployJson.Serialize(back);
                KoreModelDeployJson.Serialize(KoreModelDeployJson.ParseDeployModelRequest(again)).Should().Be(again);
                json.Should().NotContain("isDeployedPreviouly", "the SDK writes the table's spelling only");
            },
            iter: 4000,
            threads: 1,
            print: r => KoreModelDeployJson.Serialize(r));
    }

    [Fact]
    public void The_samples_misspelled_flag_reads_like_the_tables_spelling()
    {
        Writable.Where(r => r.IsDeployedPreviously is not null)
            .Sample(
                request =>
                {
                    var legacy = KoreModelDeployJson.Serialize(request).Replace("\"isDeployedPreviously\"", "\"isDeployedPreviouly\"", StringComparison.Ordinal);
                    KoreModelDeployJson.ParseDeployModelRequest(legacy).IsDeployedPreviously.Should().Be(request.IsDeployedPreviously);
                },
                iter: 1000,
                threads: 1);
    }

    private static void AssertSame(DeployModelRequest expected, DeployModelRequest actual)
    {
        actual.Name.Should().Be(expected.Name);
        actual.IsDeployedPreviously.Should().Be(expected.IsDeployedPreviously);
        actual.ScalingParameters.Should().Be(expected.ScalingParameters);
        Wire(actual.DeviceType).Should().Be(Wire(expected.DeviceType));

        if (expected.HyperParameters is null)
        {
            actual.HyperParameters.Should().BeNull();
        }
        else
        {
            var (e, a) = (expected.HyperParameters, actual.HyperParameters);
            a.Temperature.Should().Be(e.Temperature);
            a.MaxTokens.Should().Be(e.MaxTokens);
            a.TopP.Should().Be(e.TopP);
            a.TopK.Should().Be(e.TopK);
            if (e.StopSequence is null)
            {
                a.StopSequence.Should().BeNull();
            }
            else
            {
                a.StopSequence.Should().Equal(e.StopSequence);
            }
        }

        if (expected.OptimizationInfo is null)
        {
            actual.OptimizationInfo.Should().BeNull();
        }
        else
        {
            actual.OptimizationInfo.Should().NotBeNull();

            // A present-but-empty value and an absent one both mean "no value" and may come back either way.
            Wire(actual.OptimizationInfo!.OptimizationType).Should().Be(Wire(expected.OptimizationInfo.OptimizationType));
            Wire(actual.OptimizationInfo.QuantizationType).Should().Be(Wire(expected.OptimizationInfo.QuantizationType));
        }
    }

    private static string? Wire(DeviceType value) => value.IsDefault ? null : value.ToString();

    private static string? Wire(OptimizationType? value) => value is null || value.Value.IsDefault ? null : value.Value.ToString();

    private static string? Wire(QuantizationType? value) => value is null || value.Value.IsDefault ? null : value.Value.ToString();
}
