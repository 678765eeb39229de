"""`AWS::CloudWatch::Alarm`, `AWS::AutoScaling::ScalingPolicy` and `AWS::SNS::Subscription`
through moto's CloudWatch (PutMetricAlarm), Auto Scaling (PutScalingPolicy) and SNS (Subscribe,
SetSubscriptionAttributes) backends. moto 5.2.1 has no CloudFormation model for them."""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel

from .simple import Simple


def _metric_queries(metrics: list[dict[str, Any]]) -> list[Any] | None:
    """The alarm's `Metrics` as moto's PutMetricAlarm builds them."""
    from moto.cloudwatch.models import Dimension, Metric, MetricDataQuery, MetricStat

    if not metrics:
        return None
    queries = []
    for metric in metrics:
        stat = metric.get("MetricStat")
        metric_stat = None
        if stat:
            inner = stat.get("Metric", {})
            metric_stat = MetricStat(
                metric=Metric(metric_name=inner.get("MetricName"),
                              namespace=inner.get("Namespace"),
                              dimensions=[Dimension(d.get("Name"), d.get("Value"))
                                          for d in inner.get("Dimensions", [])]),
                period=stat.get("Period"), stat=stat.get("Stat"), unit=stat.get("Unit"))
        absent: Any = None  # moto's own parser passes None for absent members too
        queries.append(MetricDataQuery(
            query_id=metric["Id"], label=metric.get("Label", absent),
            period=metric.get("Period", absent), return_data=metric.get("ReturnData", absent),
            expression=metric.get("Expression"), metric_stat=metric_stat))
    return queries


class Alarm(Simple, CloudFormationModel):
    """Ref the alarm's name; `Fn::GetAtt .Arn` its ARN."""

    TYPE = "AWS::CloudWatch::Alarm"
    NAME_PROPERTY = "AlarmName"
    ATTRIBUTES = ("Arn",)

    @staticmethod
    def _backend(account_id: str, region_name: str) -> Any:
        from moto.cloudwatch.models import cloudwatch_backends

        return cloudwatch_backends[account_id][region_name]

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region_name: str,
               logical_id: str) -> Simple:
        p = properties
        cls._backend(account_id, region_name).put_metric_alarm(
            name=name, namespace=p.get("Namespace"), metric_name=p.get("MetricName"),
            metric_data_queries=_metric_queries(p.get("Metrics", [])),
            comparison_operator=p["ComparisonOperator"],
            evaluation_periods=int(p["EvaluationPeriods"]),
            datapoints_to_alarm=int(p["DatapointsToAlarm"]) if "DatapointsToAlarm" in p else None,
            period=int(p["Period"]) if "Period" in p else None,
            threshold=float(p["Threshold"]) if "Threshold" in p else None,
            statistic=p.get("Statistic"), extended_statistic=p.get("ExtendedStatistic"),
            description=p.get("AlarmDescription"), dimensions=p.get("Dimensions", []),
            alarm_actions=p.get("AlarmActions", []), ok_actions=p.get("OKActions", []),
            insufficient_data_actions=p.get("InsufficientDataActions", []), unit=p.get("Unit"),
            actions_enabled=str(p.get("ActionsEnabled", True)).lower() == "true",
            treat_missing_data=p.get("TreatMissingData"),
            evaluate_low_sample_count_percentile=p.get("EvaluateLowSampleCountPercentile"),
            threshold_metric_id=p.get("ThresholdMetricId"), tags=p.get("Tags", []),
        )
        return cls(name, account_id, region_name, properties)

    def attributes(self) -> dict[str, str]:
        return {"Arn": f"arn:aws:cloudwatch:{self.region_name}:{self.account_id}:alarm:"
                       f"{self.physical_id}"}

    def remove(self) -> None:
        self._backend(self.account_id, self.region_name).delete_alarms([self.physical_id])


class ScalingPolicy(Simple, CloudFormationModel):
    """Ref the policy's ARN; `Fn::GetAtt .Arn` and `.PolicyName`. The policy is named after
    the stack and logical id, as CloudFormation names it."""

    TYPE = "AWS::AutoScaling::ScalingPolicy"

    @staticmethod
    def _backend(account_id: str, region_name: str) -> Any:
        from moto.autoscaling.models import autoscaling_backends

        return autoscaling_backends[account_id][region_name]

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region_name: str,
               logical_id: str) -> Simple:
        p = properties
        policy = cls._backend(account_id, region_name).put_scaling_policy(
            name=name, policy_type=p.get("PolicyType", "SimpleScaling"),
            metric_aggregation_type=p.get("MetricAggregationType"),
            adjustment_type=p.get("AdjustmentType"), as_name=p["AutoScalingGroupName"],
            min_adjustment_magnitude=p.get("MinAdjustmentMagnitude"),
            scaling_adjustment=int(p["ScalingAdjustment"]) if "ScalingAdjustment" in p else None,
            cooldown=int(p["Cooldown"]) if "Cooldown" in p else None,
            target_tracking_config=p.get("TargetTrackingConfiguration", {}),
            step_adjustments=p.get("StepAdjustments", []),
            estimated_instance_warmup=p.get("EstimatedInstanceWarmup"),
            predictive_scaling_configuration=p.get("PredictiveScalingConfiguration", {}),
        )
        model = cls(str(policy.arn), account_id, region_name, properties)
        model.policy_name = name
        return model

    policy_name = ""

    def attributes(self) -> dict[str, str]:
        return {"Arn": self.physical_id, "PolicyName": self.policy_name}

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> Simple:
        return cls.create(original_resource.policy_name,
                          cloudformation_json.get("Properties", {}), account_id, region_name,
                          original_resource.policy_name)

    def remove(self) -> None:
        name = self.policy_name or self.physical_id.rsplit("policyName/", 1)[-1]
        self._backend(self.account_id, self.region_name).delete_policy(name)


class Subscription(Simple, CloudFormationModel):
    """Ref the subscription's ARN. `FilterPolicy`, `FilterPolicyScope`, `RawMessageDelivery`,
    `RedrivePolicy` and `DeliveryPolicy` become subscription attributes."""

    TYPE = "AWS::SNS::Subscription"
    ATTRIBUTES = ("Arn",)
    _ATTRIBUTE_PROPERTIES = ("FilterPolicy", "FilterPolicyScope", "RawMessageDelivery",
                             "RedrivePolicy", "DeliveryPolicy")

    @staticmethod
    def _backend(account_id: str, region_name: str) -> Any:
        from moto.sns.models import sns_backends

        return sns_backends[account_id][region_name]

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region_name: str,
               logical_id: str) -> Simple:
        import json

        backend = cls._backend(account_id, region_name)
        subscription = backend.subscribe(properties["TopicArn"], properties.get("Endpoint", ""),
                                         properties["Protocol"])
        for key in cls._ATTRIBUTE_PROPERTIES:
            if key in properties:
                value = properties[key]
                text = value if isinstance(value, str) else json.dumps(value)
                if isinstance(value, bool):
                    text = "true" if value else "false"
                backend.set_subscription_attributes(subscription.arn, key, text)
        return cls(str(subscription.arn), account_id, region_name, properties)

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> Simple:
        original_resource.remove()
        return cls.create(new_resource_name, cloudformation_json.get("Properties", {}),
                          account_id, region_name, new_resource_name)

    def attributes(self) -> dict[str, str]:
        return {"Arn": self.physical_id}

    def remove(self) -> None:
        self._backend(self.account_id, self.region_name).unsubscribe(self.physical_id)
