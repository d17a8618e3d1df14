// The bulk move of a cohort's roster: its stage select follows the trainees ticked. Each
// trainee's checkbox carries its next stage (data-next-stage); the select shows the most
// common one among the boxes ticked (ties: the earlier in the list), or the server's choice
// for the whole page when none is ticked. Once the select is changed by hand it is left alone.
// Without JavaScript the server's choice stands.
document.querySelectorAll('input[type="checkbox"][data-next-stage]').forEach(function (box) {
  var form = box.form;
  var select = form && form.elements.namedItem("stage");
  if (!select || form.dataset.moveDefault) return;
  form.dataset.moveDefault = "on";
  var serverChoice = select.value;
  var byHand = false;
  var order = Array.prototype.map.call(select.options, function (option) { return option.value; });

  select.addEventListener("change", function () { byHand = true; });
  form.addEventListener("change", function (event) {
    if (byHand || event.target.type !== "checkbox") return;
    var counts = {};
    form.querySelectorAll('input[type="checkbox"][data-next-stage]:checked').forEach(function (ticked) {
      var stage = ticked.dataset.nextStage;
      counts[stage] = (counts[stage] || 0) + 1;
    });
    var best = serverChoice;
    var bestCount = 0;
    order.forEach(function (stage) {
      if ((counts[stage] || 0) > bestCount) {
        best = stage;
        bestCount = counts[stage];
      }
    });
    select.value = best;
  });
});
