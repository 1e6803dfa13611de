from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.response import Response

from analysts.models import ApiToken

from .base import BaseViewSet
from .serializers import ApiTokenCreateSerializer, ApiTokenSerializer


@extend_schema_view(
    list=extend_schema(summary="Your API tokens (active and revoked)"),
    create=extend_schema(
        summary="Create a token; its key is in this response only",
        responses={201: ApiTokenCreateSerializer},
    ),
    destroy=extend_schema(summary="Revoke a token (it stops working at once)"),
)
class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    BaseViewSet,
):
    """Personal API tokens: every role may manage its own, nobody sees another's."""

    # Viewers need tokens too: reading is all a viewer's token can do anyway.
    permission_classes = [permissions.IsAuthenticated]
    queryset = ApiToken.objects.all()
    filter_backends = []

    def get_queryset(self):
        return super().get_queryset().filter(user=self.request.user)

    def get_serializer_class(self):
        return ApiTokenCreateSerializer if self.action == "create" else ApiTokenSerializer

    def destroy(self, request, *args, **kwargs):
        token = self.get_object()
        if token.is_active:
            token.revoke()
        return Response(status=status.HTTP_204_NO_CONTENT)
