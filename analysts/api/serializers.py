from __future__ import annotations

from rest_framework import serializers

from analysts.models import ApiToken


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "key_prefix",
            "created_at",
            "last_used_at",
            "revoked_at",
            "is_active",
        ]
        read_only_fields = fields


class ApiTokenCreateSerializer(serializers.ModelSerializer):
    """Creates a token; the response carries the clear `key` once and never again."""

    key = serializers.CharField(read_only=True, help_text="Shown once: store it now.")

    class Meta:
        model = ApiToken
        fields = ["id", "name", "key", "key_prefix", "created_at"]
        read_only_fields = ["id", "key", "key_prefix", "created_at"]

    def validate_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("Give the token a name.")
        user = self.context["request"].user
        if ApiToken.objects.active().filter(user=user, name=value).exists():
            raise serializers.ValidationError("You already have an active token with this name.")
        return value

    def create(self, validated_data):
        token, key = ApiToken.issue(self.context["request"].user, validated_data["name"])
        token.key = key
        return token
