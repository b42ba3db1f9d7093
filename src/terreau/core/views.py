from django.shortcuts import render

from terreau.territories.models import ReferenceDataset


def home(request):
    return render(
        request, "core/home.html", {"datasets": ReferenceDataset.objects.order_by("kind")}
    )
